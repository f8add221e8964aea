import type { ListAnswer, Metric, StoredDocument } from "@switchboard/core";
import { useEffect } from "react";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { useSession } from "../app/session.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { emptyDraft } from "./metric-draft.js";
import { MetricForm } from "./metric-form.js";
import { describeMetric } from "./metric-summary.js";

/** Every metric definition, what it computes, and the form to define a new one (`?create=1&name=…`). */
export function MetricsPage() {
  const { query } = useLocation();
  const { canEdit } = useSession();
  const archived = query.get("archived") === "1";
  const metrics = useApi<ListAnswer<StoredDocument<Metric>>>(`/metrics${archived ? "?archived=true" : ""}`);
  const creating = query.get("create") === "1";
  const items = metrics.data?.items ?? [];
  useEffect(() => {
    document.title = "Metrics · Switchboard";
  }, []);
  return (
    <section aria-labelledby="metrics-title">
      <div className="page-head">
        <h1 id="metrics-title">Metrics</h1>
        <span className="muted">what experiments are judged by</span>
        {canEdit && !creating && (
          <button type="button" onClick={() => navigate("/metrics?create=1")}>
            New metric
          </button>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => navigate(e.target.checked ? "/metrics?archived=1" : "/metrics", { replace: true })}
          />
          Show archived
        </label>
      </div>
      {creating && (
        <MetricForm
          key={query.get("name") ?? ""}
          initial={emptyDraft(query.get("name") ?? "")}
          onSaved={(doc) => navigate(`/metrics/${encodeURIComponent(doc.key)}`)}
          onCancel={() => navigate("/metrics", { replace: true })}
        />
      )}
      <ErrorNote error={metrics.error} />
      {metrics.data === undefined ? (
        metrics.error === null && <p className="loading">Loading metrics…</p>
      ) : items.length === 0 ? (
        !creating && (
          <EmptyState title="No metrics yet">
            <p>
              A metric is what an experiment is judged by: a conversion (proportion), bookings per user (mean), SQL
              milliseconds per execution (ratio) or a latency quantile, computed from the raw events of exposed units.
            </p>
            {canEdit ? (
              <button type="button" onClick={() => navigate("/metrics?create=1")}>
                Define the first metric
              </button>
            ) : (
              <p>
                Ask an editor to define one, or add it under <code>metrics:</code> in the flag set file.
              </p>
            )}
          </EmptyState>
        )
      ) : (
        <ul className="metric-list" data-testid="metric-list">
          {items.map((m) => (
            <li key={m.key} className="metric-item">
              <Link href={`/metrics/${encodeURIComponent(m.key)}`}>{m.key}</Link>
              {m.archived && <span className="tag">archived</span>}{" "}
              <span className="muted">{describeMetric(m.body)}</span>
              {m.body.description !== undefined && <div>{m.body.description}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

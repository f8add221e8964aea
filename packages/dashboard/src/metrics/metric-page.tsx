import type { Metric, StoredDocument } from "@switchboard/core";
import { useEffect, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { navigate } from "../app/router.js";
import { useSession } from "../app/session.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { draftFromMetric } from "./metric-draft.js";
import { MetricForm } from "./metric-form.js";
import { describeMetric } from "./metric-summary.js";

/** One metric definition: what it computes, the form to change it (If-Match on its version), and archiving. */
export function MetricPage({ name }: { name: string }) {
  const { canEdit } = useSession();
  const metric = useApi<StoredDocument<Metric>>(`/metrics/${encodeURIComponent(name)}`);
  const [saved, setSaved] = useState<number | null>(null);
  const [archiving, setArchiving] = useState(false);
  const [reason, setReason] = useState("");
  const [archiveError, setArchiveError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${name} · metric · Switchboard`;
  }, [name]);
  if (metric.error !== null && metric.data === undefined) return <ErrorNote error={metric.error} />;
  const doc = metric.data;
  if (doc === undefined) return <p className="loading">Loading {name}…</p>;
  const archive = async () => {
    setBusy(true);
    setArchiveError(null);
    try {
      await callApi("POST", `/metrics/${encodeURIComponent(doc.key)}/archive`, {
        ifMatch: doc.version,
        body: reason.trim() === "" ? {} : { reason: reason.trim() },
      });
      navigate("/metrics");
    } catch (failure) {
      setArchiveError(failure instanceof Error ? failure : new Error(String(failure)));
      setArchiving(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article aria-labelledby="metric-title">
      <p className="crumbs">
        <Link href="/metrics">Metrics</Link> /
      </p>
      <div className="page-head">
        <h1 id="metric-title">{doc.key}</h1>
        <span className="muted" data-testid="metric-version">
          {doc.body.kind} · version {doc.version} · owner {doc.body.owner ?? "—"}
          {doc.archived ? " · archived" : ""}
        </span>
      </div>
      <p data-testid="metric-summary">{describeMetric(doc.body)}</p>
      {saved !== null && saved === doc.version && (
        <p className="muted" role="status">
          Saved as version {saved}.
        </p>
      )}
      {canEdit && !doc.archived ? (
        <>
          <MetricForm
            key={doc.version}
            initial={draftFromMetric(doc.key, doc.body)}
            version={doc.version}
            onSaved={(next) => {
              setSaved(next.version);
              metric.reload();
            }}
            onCancel={() => navigate("/metrics")}
            onReload={metric.reload}
          />
          <section className="card" aria-labelledby="archive-title">
            <h2 id="archive-title">Archive</h2>
            <p className="hint">
              An archived metric is kept (past results still name it) but no longer listed; a metric an experiment still
              names cannot be archived.
            </p>
            <ErrorNote error={archiveError} />
            <button type="button" className="danger" onClick={() => setArchiving(true)}>
              Archive {doc.key}
            </button>
          </section>
          <ConfirmDialog
            title={`Archive ${doc.key}?`}
            open={archiving}
            confirmLabel="Archive"
            danger
            canConfirm={true}
            busy={busy}
            onConfirm={() => void archive()}
            onCancel={() => setArchiving(false)}
          >
            <label>
              Reason (optional)
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          </ConfirmDialog>
        </>
      ) : (
        <pre data-testid="metric-json">{JSON.stringify(doc.body, null, 2)}</pre>
      )}
    </article>
  );
}

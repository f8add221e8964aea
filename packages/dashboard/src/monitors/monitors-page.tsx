import type { ListAnswer, MonitorView, StoredDocument } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { useSession } from "../app/session.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { emptyMonitorDraft } from "./monitor-draft.js";
import { MonitorForm } from "./monitor-form.js";

/** Every monitor, with what it watches and links to its chart and error budget; `?create=1` opens the form. */
export function MonitorsPage() {
  const { query } = useLocation();
  const { canEdit } = useSession();
  const creating = query.get("create") === "1";
  const monitors = useApi<ListAnswer<StoredDocument<MonitorView>>>("/monitors");
  const items = monitors.data?.items ?? [];
  return (
    <section aria-labelledby="monitors-title">
      <div className="page-head">
        <h1 id="monitors-title">Monitors</h1>
        <Link href="/alerts">All alerts</Link>
        {canEdit && !creating && (
          <button type="button" onClick={() => navigate("/monitors?create=1")}>
            New monitor
          </button>
        )}
      </div>
      {creating && (
        <MonitorForm
          initial={emptyMonitorDraft()}
          onSaved={(doc) => navigate(`/monitors/${encodeURIComponent(doc.key)}`)}
          onCancel={() => navigate("/monitors", { replace: true })}
        />
      )}
      <ErrorNote error={monitors.error} />
      {monitors.data === undefined ? (
        monitors.error === null && <p className="loading">Loading monitors…</p>
      ) : items.length === 0 ? (
        !creating && (
          <EmptyState title="No monitors yet">
            <p>A monitor watches a business metric per minute against its prediction.</p>
            {canEdit && (
              <button type="button" onClick={() => navigate("/monitors?create=1")}>
                Create the first monitor
              </button>
            )}
            <p>Or from the command line:</p>
            <pre>{"switchboard monitors create bookings --event booking --env production --action kill"}</pre>
          </EmptyState>
        )
      ) : (
        <ul className="monitor-list" data-testid="monitor-list">
          {items.map((m) => (
            <li key={m.key}>
              <Link href={`/monitors/${encodeURIComponent(m.key)}`}>{m.key}</Link>{" "}
              <span className="muted">
                {m.body.metric.fn} in {m.body.metric.environment}
                {m.body.description ? ` — ${m.body.description}` : ""}
              </span>{" "}
              · <Link href={`/monitors/${encodeURIComponent(m.key)}/budget`}>error budget</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

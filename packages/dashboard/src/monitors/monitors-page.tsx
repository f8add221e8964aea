import type { ListAnswer, MonitorView, StoredDocument } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";

/** Every monitor, with what it watches and links to its chart and error budget. */
export function MonitorsPage() {
  const monitors = useApi<ListAnswer<StoredDocument<MonitorView>>>("/monitors");
  const items = monitors.data?.items ?? [];
  return (
    <section aria-labelledby="monitors-title">
      <div className="page-head">
        <h1 id="monitors-title">Monitors</h1>
        <Link href="/alerts">All alerts</Link>
      </div>
      <ErrorNote error={monitors.error} />
      {monitors.data === undefined ? (
        monitors.error === null && <p className="loading">Loading monitors…</p>
      ) : items.length === 0 ? (
        <EmptyState title="No monitors yet">
          <p>A monitor watches a business metric per minute against its prediction. Create one:</p>
          <pre>{"switchboard monitors create bookings --event booking --env production --action kill"}</pre>
        </EmptyState>
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

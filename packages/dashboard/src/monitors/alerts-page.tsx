import type { Alert, ListAnswer } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { AlertItem } from "./alert-item.js";
import { newestFirst } from "./alert-view.js";

/** Every monitor's alerts, newest onset first. */
export function AlertsPage() {
  const alerts = useApi<ListAnswer<Alert>>("/alerts?limit=200");
  const items = newestFirst(alerts.data?.items ?? []);
  return (
    <section aria-labelledby="alerts-title">
      <div className="page-head">
        <h1 id="alerts-title">Alerts</h1>
        <button type="button" onClick={alerts.reload}>
          Refresh
        </button>
      </div>
      <ErrorNote error={alerts.error} />
      {alerts.data === undefined ? (
        alerts.error === null && <p className="loading">Loading alerts…</p>
      ) : items.length === 0 ? (
        <EmptyState title="No alerts yet">
          <p>
            A monitor raises an alert when its metric leaves the predicted band. See the{" "}
            <Link href="/monitors">monitors</Link>, or create one:
          </p>
          <pre>{"switchboard monitors create bookings --event booking --env production --action kill"}</pre>
        </EmptyState>
      ) : (
        <ol className="alert-list" data-testid="alert-list">
          {items.map((a) => (
            <AlertItem key={a.id} alert={a} showMonitor={true} showDeliveries={false} />
          ))}
        </ol>
      )}
    </section>
  );
}

import type { Alert, AlertDelivery } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";
import { actionSummary, alertStatus, detectionDelayMinutes } from "./alert-view.js";

/** One alert: status, onset, the sentence, the action with its undo call, and (optionally) the delivery log. */
export function AlertItem({
  alert,
  showMonitor,
  showDeliveries,
}: {
  alert: Alert;
  showMonitor: boolean;
  showDeliveries: boolean;
}) {
  const status = alertStatus(alert);
  const action = actionSummary(alert);
  return (
    <li className="card alert-item" data-testid="alert" data-alert-status={status} id={`alert-${alert.id}`}>
      <p>
        <span className={`badge badge-${status}`}>{status}</span>{" "}
        {showMonitor && (
          <>
            <Link href={`/monitors/${encodeURIComponent(alert.monitor)}`}>{alert.monitor}</Link> ·{" "}
          </>
        )}
        onset <time dateTime={alert.onsetAt}>{new Date(alert.onsetAt).toLocaleString()}</time>, noticed{" "}
        {detectionDelayMinutes(alert)} min later
        {alert.resolvedAt !== null && (
          <>
            , resolved <time dateTime={alert.resolvedAt}>{new Date(alert.resolvedAt).toLocaleString()}</time>
          </>
        )}
      </p>
      <p className="alert-sentence" data-testid="alert-sentence">
        {alert.sentence}
      </p>
      <p data-testid="alert-action">
        Action: {action.text}
        {action.undo !== null && (
          <>
            {" "}
            — undo: <code>{action.undo}</code>
          </>
        )}
      </p>
      {showDeliveries && <DeliveryLog alertId={alert.id} />}
    </li>
  );
}

function DeliveryLog({ alertId }: { alertId: string }) {
  const answer = useApi<Alert & { deliveries: AlertDelivery[] }>(`/alerts/${encodeURIComponent(alertId)}`);
  const deliveries = answer.data?.deliveries;
  if (deliveries === undefined) return answer.error === null ? null : <p className="muted">{answer.error.message}</p>;
  if (deliveries.length === 0)
    return (
      <p className="muted" data-testid="delivery-log">
        No channel deliveries (the monitor names no channels, or none is due yet).
      </p>
    );
  return (
    <details data-testid="delivery-log">
      <summary>Delivery log ({deliveries.length} attempts)</summary>
      <table>
        <thead>
          <tr>
            <th>when</th>
            <th>channel</th>
            <th>event</th>
            <th>attempt</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>{new Date(d.at).toLocaleString()}</td>
              <td>
                #{d.channel} {d.channelType}
              </td>
              <td>{d.event}</td>
              <td>{d.attempt}</td>
              <td>
                {d.outcome}
                {d.httpStatus !== null && ` (HTTP ${d.httpStatus})`}
                {d.error !== null && ` — ${d.error}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

import type { Alert, AlertDelivery } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { AlertSentence } from "./alert-sentence.js";
import { actionSummary, alertStatus, detectionDelayMinutes, type UndoCall, undoCall } from "./alert-view.js";

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
        <AlertSentence sentence={alert.sentence} />
      </p>
      <p data-testid="alert-action">
        Action: {action.text}
        {action.undo !== null && (
          <>
            {" "}
            <span className="muted" title="The API call that undoes it">
              ({action.undo})
            </span>
          </>
        )}
      </p>
      <UndoButton alert={alert} />
      {showDeliveries && <DeliveryLog alertId={alert.id} />}
    </li>
  );
}

/**
 * Undoes the monitor's action after a confirmation with a reason (kept in the audit log). The monitor switched the
 * flag off before anyone looked; once the cause is understood, switching it on again is one click, not a curl.
 */
function UndoButton({ alert }: { alert: Alert }) {
  const { canEdit } = useSession();
  const call = undoCall(alert);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (call === null || !canEdit) return null;
  if (done !== null)
    return (
      <p className="note" data-testid="alert-undone">
        {done}
      </p>
    );
  const confirm = async (undo: UndoCall) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await callApi<unknown>("POST", undo.path, { body: { reason: reason.trim() } });
      // In an environment under change control the undo comes back as a change request waiting for approval.
      const request = typeof answer === "object" && answer !== null && "proposedBy" in answer ? answer : null;
      setDone(
        request === null
          ? "Undone: the monitor's action is reverted (see the audit log)."
          : `Undo proposed as change request ${String((request as { id?: unknown }).id)}: it applies once approved.`,
      );
      setOpen(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="actions">
      <button type="button" onClick={() => setOpen(true)} data-testid="alert-undo">
        {call.label}
      </button>
      <ErrorNote error={error} />
      <ConfirmDialog
        title={call.title}
        open={open}
        confirmLabel={call.label}
        canConfirm={reason.trim() !== ""}
        busy={busy}
        onConfirm={() => void confirm(call)}
        onCancel={() => setOpen(false)}
      >
        <p>
          The monitor acted because of: <em>{alert.sentence}</em>. Undo it only once the cause is understood.
        </p>
        <label>
          Reason (kept in the audit log)
          <input value={reason} required onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        </label>
      </ConfirmDialog>
    </div>
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

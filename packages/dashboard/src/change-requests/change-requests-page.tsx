import type { ChangeRequest, ChangeRequestStatus, ListAnswer } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { flagDifferences, valueText } from "./flag-diff.js";

const FILTERS: readonly (ChangeRequestStatus | "all")[] = [
  "pending",
  "scheduled",
  "applied",
  "rejected",
  "cancelled",
  "failed",
  "all",
];

/**
 * Change requests: editors' changes to protected environments waiting for a second person. Each shows every
 * flag's differences; approve and reject are offered to anyone who may decide (an editor who did not propose it,
 * or an admin); the proposer may cancel.
 */
export function ChangeRequestsPage() {
  const [filter, setFilter] = useState<ChangeRequestStatus | "all">("pending");
  const list = useApi<ListAnswer<ChangeRequest>>(`/change-requests${filter === "all" ? "" : `?status=${filter}`}`);
  return (
    <section aria-labelledby="change-requests-title">
      <div className="page-head">
        <h1 id="change-requests-title">Change requests</h1>
        <label>
          Status{" "}
          <select value={filter} onChange={(e) => setFilter(e.target.value as ChangeRequestStatus | "all")}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={list.error} />
      {list.data === undefined ? (
        list.error === null && <p className="loading">Loading change requests…</p>
      ) : list.data.items.length === 0 ? (
        <EmptyState title={`No ${filter === "all" ? "" : `${filter} `}change requests`}>
          <p>
            An editor's change to a protected environment (the server's SWITCHBOARD_CHANGE_REQUESTS_IN) waits here for a
            second person. Killing a flag never waits.
          </p>
        </EmptyState>
      ) : (
        list.data.items.map((request) => (
          <ChangeRequestCard key={request.id} request={request} onDecided={list.reload} />
        ))
      )}
    </section>
  );
}

function ChangeRequestCard({ request, onDecided }: { request: ChangeRequest; onDecided: () => void }) {
  const { me, canEdit } = useSession();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState("");
  const open = request.status === "pending" || request.status === "scheduled";
  const mine = request.proposedBy === me.name;
  const decide = async (step: "approve" | "reject" | "cancel") => {
    setBusy(true);
    try {
      const body = reason.trim() === "" ? {} : { reason };
      await callApi("POST", `/change-requests/${encodeURIComponent(request.id)}/${step}`, { body });
      setError(null);
      onDecided();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card change-request" data-testid={`change-request-${request.id}`}>
      <h2>
        {request.summary} <span className={`badge status-${request.status}`}>{request.status}</span>
      </h2>
      <p className="muted">
        {request.id} · proposed by <strong>{request.proposedBy}</strong> at {request.proposedAt} · environments{" "}
        {request.environments.join(", ")}
        {request.decidedBy !== null && (
          <>
            {" "}
            · {request.status === "cancelled" ? "cancelled" : "decided"} by <strong>{request.decidedBy}</strong>
          </>
        )}
      </p>
      <p>Reason: {request.reason ?? "(none given)"}</p>
      {request.error !== null && <p className="error-note">{request.error}</p>}
      {(request.deliveries ?? []).length > 0 && (
        <ul className="muted" data-testid={`deliveries-${request.id}`}>
          {(request.deliveries ?? []).map((delivery) => (
            <li key={delivery.id}>
              webhook {delivery.event}: {delivery.status === "pending" ? "retrying" : delivery.status} after{" "}
              {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
              {delivery.status !== "delivered" && delivery.lastError !== null ? ` (last ${delivery.lastError})` : ""}
            </li>
          ))}
        </ul>
      )}
      {(request.segments ?? []).map((change) => (
        <FlagChange key={`segment-${change.key}`} change={change} what="segment" />
      ))}
      {request.changes.map((change) => (
        <FlagChange key={change.key} change={change} what="flag" />
      ))}
      <ErrorNote error={error} />
      {open && canEdit && (
        <div className="actions">
          <input
            aria-label="Decision reason"
            placeholder="Reason (optional)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {mine ? (
            <>
              <span className="muted">You proposed this; another person must approve it.</span>
              <button type="button" disabled={busy} onClick={() => void decide("cancel")}>
                Cancel request
              </button>
            </>
          ) : (
            <>
              <button type="button" className="primary" disabled={busy} onClick={() => void decide("approve")}>
                Approve
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void decide("reject")}>
                Reject
              </button>
            </>
          )}
        </div>
      )}
    </article>
  );
}

/** One flag's or segment's change: its differences field by field, or that it is archived. */
function FlagChange({
  change,
  what,
}: {
  change: ChangeRequest["changes"][number] | ChangeRequest["segments"][number];
  what: "flag" | "segment";
}) {
  const op = change.before === null ? "create" : change.after === null ? "archive" : "update";
  const differences = flagDifferences(change.before ?? {}, change.after ?? {});
  return (
    <div className="flag-change">
      <h3>
        {op} {what === "segment" ? "segment " : ""}
        <code>{change.key}</code>{" "}
        <span className="muted">
          {change.expectedVersion === null ? "(new)" : `from version ${change.expectedVersion}`}
        </span>
      </h3>
      {op === "archive" ? (
        <p>The {what} is archived.</p>
      ) : (
        <table
          className="results diff"
          data-testid={what === "segment" ? `diff-segment-${change.key}` : `diff-${change.key}`}
        >
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr key={d.path}>
                <th scope="row">
                  <code>{d.path}</code>
                </th>
                <td className="diff-before">
                  <code>{valueText(d.before)}</code>
                </td>
                <td className="diff-after">
                  <code>{valueText(d.after)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

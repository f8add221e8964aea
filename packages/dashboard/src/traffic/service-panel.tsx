import type { HistoryEntry, ListAnswer, ServiceStatus, ServiceView } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/status.js";
import { TrafficControls } from "./traffic-controls.js";
import { splitText } from "./weights.js";

/** One service: its pools with health and share, the back button (with a confirmation) and its routing history. */
export function ServicePanel({ service, onChanged }: { service: ServiceView; onChanged(): void }) {
  const { canEdit } = useSession();
  const base = `/traffic/services/${encodeURIComponent(service.environment)}/${encodeURIComponent(service.name)}`;
  const status = useApi<ServiceStatus>(`${base}/status`);
  const history = useApi<ListAnswer<HistoryEntry>>(`${base}/history`);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const previous = history.data?.items[1];
  const back = async () => {
    setError(null);
    try {
      await callApi("POST", `${base}/back`, { body: reason.trim() === "" ? {} : { reason: reason.trim() } });
      setConfirming(false);
      setReason("");
      onChanged();
      status.reload();
      history.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };
  return (
    <>
      <section className="card" aria-labelledby="pools-title">
        <h2 id="pools-title">Pools</h2>
        <p data-testid="split">Current split: {splitText(service.split)}</p>
        {status.data?.dataPlane.error != null && (
          <p className="field-error">Data plane unreachable: {status.data.dataPlane.error}</p>
        )}
        <table className="results">
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col">Release</th>
              <th scope="col">Share</th>
              <th scope="col">Health</th>
              <th scope="col">Requests/s</th>
              <th scope="col">Errors</th>
              <th scope="col">Latency</th>
            </tr>
          </thead>
          <tbody>
            {(
              status.data?.pools ??
              service.pools.map((p) => ({
                ...p,
                percent: service.split[p.name] ?? 0,
                healthy: null,
                requestRate: null,
                errorRate: null,
                latencyMs: null,
              }))
            ).map((pool) => (
              <tr key={pool.name}>
                <td>{pool.name}</td>
                <td>
                  <code>{pool.release ?? "—"}</code>
                </td>
                <td>
                  <meter min={0} max={100} value={pool.percent} aria-label={`${pool.name} share`} /> {pool.percent}%
                </td>
                <td>{pool.healthy === null ? "— unknown" : pool.healthy ? "● healthy" : "✕ unhealthy"}</td>
                <td>{pool.requestRate?.toFixed(1) ?? "—"}</td>
                <td>{pool.errorRate === null ? "—" : `${(pool.errorRate * 100).toFixed(2)}%`}</td>
                <td>{pool.latencyMs === null ? "—" : `${pool.latencyMs.toFixed(0)} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit && (
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={previous === undefined}
              onClick={() => setConfirming(true)}
            >
              ⟲ Back
            </button>
            {previous !== undefined && <span className="muted">returns to: {splitText(previous.split)}</span>}
          </div>
        )}
        <ErrorNote error={error} />
        {canEdit && (
          <TrafficControls
            key={`${service.version}`}
            service={service}
            base={base}
            drained={new Set((status.data?.pools ?? []).filter((p) => p.drained === true).map((p) => p.name))}
            onChanged={() => {
              onChanged();
              status.reload();
              history.reload();
            }}
          />
        )}
      </section>
      <section className="card" aria-labelledby="traffic-history-title">
        <h2 id="traffic-history-title">History</h2>
        <ol className="history" data-testid="traffic-history">
          {(history.data?.items ?? []).map((entry) => (
            <li key={`${entry.at}:${entry.action}`}>
              <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> <strong>{entry.action}</strong> by{" "}
              {entry.actor}: {splitText(entry.split)}
              {entry.reason !== null && <em> — “{entry.reason}”</em>}
              {entry.current && <span className="tag">current</span>}
            </li>
          ))}
        </ol>
      </section>
      <ConfirmDialog
        title={`Back: return ${service.name} to the previous routing?`}
        open={confirming}
        confirmLabel="Go back"
        danger
        canConfirm
        onConfirm={back}
        onCancel={() => setConfirming(false)}
      >
        {previous !== undefined && <p>Traffic goes to {splitText(previous.split)} at once.</p>}
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </ConfirmDialog>
    </>
  );
}

import type { ListAnswer, Schedule } from "@switchboard/core";
import { type FormEvent, useEffect, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session.js";
import { ErrorNote } from "../ui/status.js";

/** Scheduled activations of a flag in one environment; editors add and cancel them. */
export function Schedules({ flagKey, env, version }: { flagKey: string; env: string; version: number }) {
  const { canEdit } = useSession();
  const path = `/flags/${encodeURIComponent(flagKey)}/schedules`;
  const schedules = useApi<ListAnswer<Schedule>>(path);
  const { reload } = schedules;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const [at, setAt] = useState("");
  const [op, setOp] = useState<"enable" | "kill" | "ramp">("ramp");
  const [percent, setPercent] = useState(50);
  const [error, setError] = useState<Error | null>(null);
  const mine = (schedules.data?.items ?? []).filter((s) => s.environment === env);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const action = op === "ramp" ? { op, percent } : { op };
    void act(() => callApi("POST", path, { body: { environment: env, at: new Date(at).toISOString(), action } }));
  };
  return (
    <section className="card" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Scheduled changes in {env}</h2>
      {mine.length === 0 ? (
        <p className="muted">Nothing scheduled.</p>
      ) : (
        <ul className="schedules">
          {mine.map((s) => (
            <li key={s.id}>
              <time dateTime={s.runAt}>{new Date(s.runAt).toLocaleString()}</time>{" "}
              <code>{JSON.stringify(s.action)}</code> <span className="tag">{s.status}</span> by {s.createdBy}
              {canEdit && s.status === "pending" && (
                <button
                  type="button"
                  className="quiet"
                  onClick={() => act(() => callApi("DELETE", `/schedules/${encodeURIComponent(s.id)}`))}
                >
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form className="inline-form" onSubmit={submit} aria-label="Schedule a change">
          <label>
            When
            <input type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
          <label>
            Action
            <select value={op} onChange={(e) => setOp(e.target.value as typeof op)}>
              <option value="ramp">ramp</option>
              <option value="enable">enable</option>
              <option value="kill">kill</option>
            </select>
          </label>
          {op === "ramp" && (
            <label>
              Percent
              <input
                type="number"
                min={0}
                max={100}
                value={percent}
                onChange={(e) => setPercent(Number(e.target.value))}
              />
            </label>
          )}
          <button type="submit">Schedule</button>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

import type { ServiceView } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/status.js";
import { splitText, type Weight, weightsBody, weightsFromSplit, weightsProblem } from "./weights.js";

type Operation = "switch" | "ramp" | "drain";

interface Props {
  service: ServiceView;
  /** `/traffic/services/:environment/:service`. */
  base: string;
  drained: ReadonlySet<string>;
  onChanged(): void;
}

/** Switch all traffic to a pool, set a weighted split, drain an unused pool; each after a confirmation with a reason. */
export function TrafficControls({ service, base, drained, onChanged }: Props) {
  const pools = service.pools.map((p) => p.name);
  const current = Object.entries(service.split).find(([, percent]) => percent >= 100)?.[0];
  const idle = pools.filter((pool) => (service.split[pool] ?? 0) === 0 && !drained.has(pool));
  const [switchTo, setSwitchTo] = useState(pools.find((p) => p !== current) ?? pools[0] ?? "");
  const [weights, setWeights] = useState<Weight[]>(() => weightsFromSplit(pools, service.split));
  const [drainPool, setDrainPool] = useState(idle[0] ?? "");
  const [pending, setPending] = useState<Operation | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Operation, Error>>>({});
  const problem = weightsProblem(weights);
  const drainChoice = idle.includes(drainPool) ? drainPool : (idle[0] ?? "");

  const run = async (operation: Operation, path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setErrors({});
    try {
      await callApi("POST", `${base}/${path}`, {
        body: reason.trim() === "" ? body : { ...body, reason: reason.trim() },
      });
      setReason("");
      onChanged();
    } catch (failure) {
      setErrors({ [operation]: failure instanceof Error ? failure : new Error(String(failure)) });
    } finally {
      setBusy(false);
      setPending(null);
    }
  };
  const confirm = () => {
    if (pending === "switch") void run("switch", "switch", { pool: switchTo });
    if (pending === "ramp") void run("ramp", "ramp", { weights: weightsBody(weights) });
    if (pending === "drain") void run("drain", "drain", { pool: drainChoice });
  };
  const titles: Record<Operation, string> = {
    switch: `Switch ${service.name}: all requests to ${switchTo}?`,
    ramp: `Ramp ${service.name} to ${splitText(Object.fromEntries(weights.map((w) => [w.pool, w.percent])))}?`,
    drain: `Drain pool ${drainChoice} of ${service.name}?`,
  };

  return (
    <div className="traffic-controls">
      <fieldset>
        <legend>Switch</legend>
        <label>
          Pool to switch to
          <select value={switchTo} onChange={(e) => setSwitchTo(e.target.value)}>
            {pools.map((pool) => (
              <option key={pool} value={pool}>
                {pool}
                {pool === current ? " (current)" : ""}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy || switchTo === ""} onClick={() => setPending("switch")}>
          Switch…
        </button>
        <ErrorNote error={errors.switch ?? null} />
      </fieldset>
      <fieldset>
        <legend>Ramp</legend>
        {weights.map((w, index) => (
          <label key={w.pool}>
            Percent for pool {w.pool}
            <input
              type="number"
              min={0}
              max={100}
              step={0.01}
              aria-label={`Percent for pool ${w.pool}`}
              value={w.percent}
              onChange={(e) =>
                setWeights(weights.map((x, i) => (i === index ? { ...x, percent: Number(e.target.value) } : x)))
              }
            />
          </label>
        ))}
        <button type="button" disabled={busy || problem !== null} onClick={() => setPending("ramp")}>
          Ramp…
        </button>
        {problem !== null && (
          <p className="field-error" data-testid="weights-problem">
            {problem}
          </p>
        )}
        <ErrorNote error={errors.ramp ?? null} />
      </fieldset>
      <fieldset>
        <legend>Drain</legend>
        <label>
          Pool to drain
          <select value={drainChoice} onChange={(e) => setDrainPool(e.target.value)} disabled={idle.length === 0}>
            {idle.map((pool) => (
              <option key={pool} value={pool}>
                {pool}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy || drainChoice === ""} onClick={() => setPending("drain")}>
          Drain…
        </button>
        {idle.length === 0 && <p className="muted">Only a pool that routing sends nothing to can be drained.</p>}
        <ErrorNote error={errors.drain ?? null} />
      </fieldset>
      <ConfirmDialog
        title={pending === null ? "" : titles[pending]}
        open={pending !== null}
        confirmLabel={pending === "switch" ? `Switch to ${switchTo}` : pending === "ramp" ? "Apply split" : "Drain it"}
        danger={pending !== "ramp"}
        canConfirm
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>
          {pending === "drain"
            ? "No new requests reach the pool; requests in flight finish."
            : "Routing changes at once; the back button returns to the current state."}
        </p>
        <label>
          Reason (kept in the audit log)
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        </label>
      </ConfirmDialog>
    </div>
  );
}

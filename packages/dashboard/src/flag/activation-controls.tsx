import type { FlagDocument, Rule } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { useSession } from "../app/session.js";
import { envStateOf } from "../flags/flag-state.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { rememberedUnitId, rememberUnitId } from "./unit-id-store.js";

type Pending = null | "kill" | "ramp";

/** Enable, ramp (with a confirmation), "serve me" and the kill switch of one flag in one environment. */
export function ActivationControls({ doc, env, onChanged }: { doc: FlagDocument; env: string; onChanged(): void }) {
  const { canEdit } = useSession();
  const settings = doc.body.environments?.[env];
  const killed = settings?.enabled === false;
  const rules = settings?.rules ?? [];
  const ramp = rules.find((rule) => rule.kind === "ramp");
  const [percent, setPercent] = useState(ramp?.kind === "ramp" ? ramp.percent : 0);
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  // The person's own unit id, asked once and remembered in this browser (the token's name is not a unit id).
  const [unit, setUnit] = useState(rememberedUnitId);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  // In a protected environment an editor's change comes back as a change request instead of the new flag.
  const [held, setHeld] = useState<string | null>(null);
  const base = `/flags/${encodeURIComponent(doc.key)}/environments/${encodeURIComponent(env)}`;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await action();
      const request = typeof answer === "object" && answer !== null && "proposedBy" in answer ? answer : null;
      setHeld(request === null ? null : String((request as { id?: unknown }).id));
      setPending(null);
      setReason("");
      setTyped("");
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  const withReason = reason.trim() === "" ? {} : { reason: reason.trim() };
  const applyRamp = () =>
    run(() =>
      ramp === undefined
        ? callApi("PUT", `${base}/rules`, {
            ifMatch: doc.version,
            body: { rules: [...rules, newRampRule(doc, percent)], ...withReason },
          })
        : callApi("POST", `${base}/ramp`, { body: { rule: ramp.id, percent, ...withReason } }),
    );

  return (
    <section className="card" aria-labelledby="activation-title">
      <h2 id="activation-title">Activation in {env}</h2>
      <p data-testid="env-state" className={`state state-${envStateOf(doc.body, env).kind}`}>
        {killed ? "Killed: everyone gets the default variation" : `Serving: ${envStateOf(doc.body, env).label}`}
      </p>
      {held !== null && (
        <p className="hint" role="status" data-testid="held-for-approval">
          {env} is protected: your change is held as change request {held} until another person approves it (
          <Link href="/change-requests">Change requests</Link>).
        </p>
      )}
      {!canEdit ? (
        <p className="hint">You have the viewer role: activations need an editor.</p>
      ) : (
        <div className="activation-grid">
          {killed && (
            <button
              type="button"
              disabled={busy}
              onClick={() => run(() => callApi("POST", `${base}/enable`, { body: withReason }))}
            >
              Enable
            </button>
          )}
          <fieldset>
            <legend>Ramp {ramp === undefined ? "(adds a ramp rule)" : `rule “${ramp.id}”`}</legend>
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={percent}
              aria-label="Ramp percent"
              onChange={(e) => setPercent(Number(e.target.value))}
            />
            <output aria-live="polite">{percent}%</output>
            <button type="button" disabled={busy} onClick={() => setPending("ramp")}>
              Ramp to {percent}%…
            </button>
          </fieldset>
          <fieldset>
            <legend>Serve me</legend>
            <label>
              Your unit id
              <input
                value={unit}
                placeholder="e.g. your user id"
                title="Remembered in this browser"
                autoComplete="off"
                onChange={(e) => setUnit(e.target.value)}
              />
            </label>
            <button
              type="button"
              disabled={busy || unit.trim() === ""}
              onClick={() => {
                rememberUnitId(unit);
                void run(() => callApi("POST", `${base}/serve-me`, { body: { add: [unit.trim()] } }));
              }}
            >
              Serve me
            </button>
          </fieldset>
          {!killed && (
            <button type="button" className="danger" disabled={busy} onClick={() => setPending("kill")}>
              Kill switch…
            </button>
          )}
        </div>
      )}
      <ErrorNote error={error} />
      <ConfirmDialog
        title={`Ramp ${doc.key} to ${percent}% in ${env}?`}
        open={pending === "ramp"}
        confirmLabel={`Ramp to ${percent}%`}
        canConfirm={true}
        busy={busy}
        onConfirm={applyRamp}
        onCancel={() => setPending(null)}
      >
        <ReasonField value={reason} onChange={setReason} />
      </ConfirmDialog>
      <ConfirmDialog
        title={`Kill ${doc.key} in ${env}?`}
        open={pending === "kill"}
        confirmLabel="Kill it"
        danger
        canConfirm={typed === doc.key && reason.trim() !== ""}
        busy={busy}
        onConfirm={() => run(() => callApi("POST", `${base}/kill`, { body: { reason: reason.trim() } }))}
        onCancel={() => setPending(null)}
      >
        <p>Everyone in {env} gets the default variation at once.</p>
        <label>
          {/* One span, so the caption is one line of the label's column and not three stacked pieces. */}
          <span>
            Type <code>{doc.key}</code> to confirm
          </span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        <ReasonField value={reason} onChange={setReason} required />
      </ConfirmDialog>
    </section>
  );
}

function ReasonField({ value, onChange, required }: { value: string; onChange(v: string): void; required?: boolean }) {
  return (
    <label>
      Reason{required === true ? "" : " (kept in the audit log)"}
      <input value={value} required={required} onChange={(e) => onChange(e.target.value)} maxLength={2000} />
    </label>
  );
}

function newRampRule(doc: FlagDocument, percent: number): Rule {
  const variations = doc.body.variations?.map((v) => v.key) ?? ["off", "on"];
  const serve = variations.find((key) => key !== doc.body.defaultVariation) ?? "on";
  return { id: "rollout", kind: "ramp", serve, percent };
}

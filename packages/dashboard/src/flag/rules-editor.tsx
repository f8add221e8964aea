import type { ErrorDetail, Flag, FlagDocument, Rule } from "@switchboard/core";
import { validateFlagSet } from "@switchboard/core";
import { useEffect, useMemo, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useSession } from "../app/session.js";
import { summarizeRule } from "../flags/flag-state.js";
import { ErrorNote } from "../ui/status.js";

/** The ordered rules of one environment as JSON, checked as you type by the same validation the API runs. */
export function RulesEditor({ doc, env, onSaved }: { doc: FlagDocument; env: string; onSaved(): void }) {
  const { canEdit } = useSession();
  const rules = doc.body.environments?.[env]?.rules ?? [];
  const original = JSON.stringify(rules, null, 2);
  const [text, setText] = useState(original);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  // A new version from elsewhere (an activation, another person) replaces an untouched editor.
  useEffect(() => setText(original), [original]);
  const problems = useMemo(() => rulesProblems(doc.key, doc.body, env, text), [doc.key, doc.body, env, text]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { rules: JSON.parse(text) as Rule[], ...(reason.trim() === "" ? {} : { reason: reason.trim() }) };
      await callApi("PUT", `/flags/${encodeURIComponent(doc.key)}/environments/${encodeURIComponent(env)}/rules`, {
        ifMatch: doc.version,
        body,
      });
      setReason("");
      onSaved();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules in {env}</h2>
      {rules.length === 0 ? (
        <p className="muted">
          No rules: everyone gets the default variation (
          {doc.body.environments?.[env]?.defaultVariation ?? doc.body.defaultVariation}).
        </p>
      ) : (
        <ol className="rule-list">
          {rules.map((rule) => (
            <li key={rule.id}>
              <code>{rule.id}</code> {summarizeRule(rule)}
            </li>
          ))}
        </ol>
      )}
      <label htmlFor="rules-json">Rules (JSON, in order)</label>
      <textarea
        id="rules-json"
        spellCheck={false}
        rows={Math.min(24, Math.max(6, text.split("\n").length + 1))}
        value={text}
        readOnly={!canEdit}
        aria-invalid={problems.length > 0}
        aria-describedby="rules-problems"
        onChange={(e) => setText(e.target.value)}
      />
      <ul id="rules-problems" className="field-problems" aria-live="polite" data-testid="rules-problems">
        {problems.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            <code>{p.path === "" ? "rules" : p.path}</code> {p.message}
          </li>
        ))}
      </ul>
      {canEdit && (
        <div className="actions">
          <label>
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="button" disabled={busy || problems.length > 0 || text === original} onClick={save}>
            Save rules
          </button>
          <button type="button" className="quiet" disabled={text === original} onClick={() => setText(original)}>
            Revert
          </button>
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** Problems of the edited rules, found by validating the whole flag with them in place; paths start at `rules`. */
export function rulesProblems(key: string, flag: Flag, env: string, text: string): ErrorDetail[] {
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch (failure) {
    return [
      { path: "", message: `is not valid JSON: ${failure instanceof Error ? failure.message : String(failure)}` },
    ];
  }
  const environments = { ...flag.environments, [env]: { ...flag.environments?.[env], rules } };
  const result = validateFlagSet({ version: 1, flags: { [key]: { ...flag, environments } } });
  if (result.ok) return [];
  return (
    result.problems
      .map((problem) => ({ ...problem, path: underRules(problem.path, env) }))
      .filter((problem): problem is ErrorDetail => problem.path !== null)
      // Segments live elsewhere; the server checks that the named ones exist.
      .filter((problem) => !/segment/i.test(problem.message))
  );
}

function underRules(path: string, env: string): string | null {
  for (const marker of [`environments.${env}.rules`, `environments[${JSON.stringify(env)}].rules`]) {
    const at = path.indexOf(marker);
    if (at >= 0) return `rules${path.slice(at + marker.length)}`;
  }
  return path.includes(".environments") ? null : path;
}

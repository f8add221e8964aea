import type { ErrorDetail, Flag, FlagDocument, Rule } from "@switchboard/core";
import { validateFlagSet } from "@switchboard/core";
import { useEffect, useMemo, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useSession } from "../app/session.js";
import { summarizeRule } from "../flags/flag-state.js";
import { ErrorNote } from "../ui/status.js";
import { LivePreview } from "./rule-editor/live-preview.js";
import { useEditorData } from "./rule-editor/use-editor-data.js";
import { VisualRulesEditor } from "./rule-editor/visual-rules-editor.js";

/**
 * The ordered rules of one environment, edited in the rule editor (or as JSON, the advanced view), checked as you
 * type by the same validation the API runs, with a live preview of who gets what.
 */
export function RulesEditor({ doc, env, onSaved }: { doc: FlagDocument; env: string; onSaved(): void }) {
  const { canEdit } = useSession();
  const rules = doc.body.environments?.[env]?.rules ?? [];
  const original = JSON.stringify(rules, null, 2);
  const [text, setText] = useState(original);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<"visual" | "json">("visual");
  const [incomplete, setIncomplete] = useState(false);
  // Bumped whenever the visual editor must start again from `text` (after the JSON view, a revert).
  const [session, setSession] = useState(0);
  const data = useEditorData(env);
  // A new version from elsewhere (an activation, another person) replaces an untouched editor.
  useEffect(() => setText(original), [original]);
  const problems = useMemo(() => rulesProblems(doc.key, doc.body, env, text), [doc.key, doc.body, env, text]);
  const edited = useMemo(() => parseOrUndefined(text), [text]);
  const variations = (doc.body.variations ?? BOOLEAN_VARIATIONS).map((v) => v.key);
  const showVisual = (next: "visual" | "json") => {
    setSession((n) => n + 1);
    setIncomplete(false);
    setMode(next);
  };
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
      <fieldset className="editor-mode" aria-label="Edit the rules">
        <button
          type="button"
          aria-pressed={mode === "visual"}
          disabled={mode === "json" && problems.length > 0}
          title={mode === "json" && problems.length > 0 ? "Fix the problems below to go back" : undefined}
          onClick={() => showVisual("visual")}
        >
          Rule editor
        </button>
        <button type="button" aria-pressed={mode === "json"} onClick={() => showVisual("json")}>
          JSON (advanced)
        </button>
      </fieldset>
      {mode === "visual" ? (
        <VisualRulesEditor
          key={`${original}#${session}`}
          flagKey={doc.key}
          environment={env}
          variations={variations}
          initialRules={Array.isArray(edited) ? (edited as Rule[]) : rules}
          problems={problems}
          data={data}
          readOnly={!canEdit}
          onChange={(next, rowsIncomplete) => {
            setText(JSON.stringify(next, null, 2));
            setIncomplete(rowsIncomplete);
          }}
        />
      ) : (
        <>
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
        </>
      )}
      <ul id="rules-problems" className="field-problems" aria-live="polite" data-testid="rules-problems">
        {incomplete && <li>Some condition rows are incomplete; complete or remove them to save.</li>}
        {(mode === "json" ? problems : problems.filter((p) => !/^rules\[\d+\]/.test(p.path))).map((p) => (
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
          <button
            type="button"
            disabled={busy || problems.length > 0 || incomplete || text === original}
            onClick={save}
          >
            Save rules
          </button>
          <button
            type="button"
            className="quiet"
            disabled={text === original && !incomplete}
            onClick={() => {
              setText(original);
              showVisual(mode);
            }}
          >
            Revert
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      <LivePreview
        flagKey={doc.key}
        flag={doc.body}
        environment={env}
        savedRules={rules}
        editedRules={edited}
        variations={variations}
        data={data}
      />
    </section>
  );
}

const BOOLEAN_VARIATIONS = [{ key: "off" }, { key: "on" }];

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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

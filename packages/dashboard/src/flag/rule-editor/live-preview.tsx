import type { Flag, Rule } from "@switchboard/core";
import { useMemo } from "react";
import { type Preview, previewAssignments, tally } from "./preview.js";
import { describeContext } from "./sample-contexts.js";
import type { EditorData } from "./use-editor-data.js";

/** Who gets what: recent units evaluated with the saved rules and with the edited ones, side by side. */
export function LivePreview({
  flagKey,
  flag,
  environment,
  savedRules,
  editedRules,
  variations,
  data,
}: {
  flagKey: string;
  flag: Flag;
  environment: string;
  savedRules: readonly Rule[];
  editedRules: unknown;
  variations: readonly string[];
  data: EditorData;
}) {
  const { segments, contexts } = data;
  const saved: Preview = useMemo(
    () => previewAssignments({ flagKey, flag, environment, rules: savedRules, segments, contexts }),
    [flagKey, flag, environment, savedRules, segments, contexts],
  );
  const edited: Preview = useMemo(
    () => previewAssignments({ flagKey, flag, environment, rules: editedRules, segments, contexts }),
    [flagKey, flag, environment, editedRules, segments, contexts],
  );
  return (
    <section className="live-preview" aria-labelledby="preview-title" data-testid="rule-preview">
      <h3 id="preview-title">Who gets what (recent units, {environment})</h3>
      {data.samplesNote !== null && <p className="muted">{data.samplesNote}</p>}
      {!edited.ok && <p className="row-problem">No preview until the rules are valid: {edited.problem}</p>}
      {edited.ok && contexts.length > 0 && (
        <>
          <p data-testid="preview-tally">
            {tally(edited.rows, variations)
              .map(([variation, n]) => `${variation}: ${n}`)
              .join(" · ")}
          </p>
          <table className="results preview-table">
            <thead>
              <tr>
                <th scope="col">unit</th>
                <th scope="col">attributes</th>
                <th scope="col">saved rules</th>
                <th scope="col">edited rules</th>
              </tr>
            </thead>
            <tbody>
              {contexts.map((context, i) => {
                const before = saved.ok ? saved.rows[i] : undefined;
                const after = edited.rows[i];
                const changed = before !== undefined && after !== undefined && before.variation !== after.variation;
                return (
                  <tr
                    key={String(context["id"])}
                    data-unit={String(context["id"])}
                    className={changed ? "changed" : ""}
                  >
                    <td>
                      <code>{String(context["id"])}</code>
                    </td>
                    <td className="muted">{describeContext(context)}</td>
                    <td>{before === undefined ? "—" : served(before)}</td>
                    <td data-testid="preview-edited">
                      {after === undefined ? "—" : served(after)}
                      {changed && <span className="tag">changed</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function served(row: { variation: string | null; ruleId: string }): string {
  return `${row.variation ?? "?"} (${row.ruleId === "" ? "default" : `rule ${row.ruleId}`})`;
}

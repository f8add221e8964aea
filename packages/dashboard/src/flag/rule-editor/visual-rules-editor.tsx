import type { ErrorDetail, Rule } from "@switchboard/core";
import { useState } from "react";
import { moveItem } from "./reorder.js";
import { RuleCard } from "./rule-card.js";
import { draftsFromRules, hasIncompleteRows, newDraft, type RuleDraft, rulesFromDrafts } from "./rule-drafts.js";
import type { EditorData } from "./use-editor-data.js";
import "./rule-editor.css";

/** What the visual editor edits and reports back. */
export interface VisualRulesEditorProps {
  flagKey: string;
  environment: string;
  variations: readonly string[];
  /** The rules when the editor opened (it keeps its own drafts from then on). */
  initialRules: readonly Rule[];
  /** Problems of the edited rules as validation reports them (`rules[1].weights`). */
  problems: readonly ErrorDetail[];
  data: EditorData;
  readOnly: boolean;
  /** Every edit: the rules as they now stand, and whether some condition row is incomplete. */
  onChange(rules: Rule[], incomplete: boolean): void;
}

/** The rules of one environment as cards a person can edit, reorder (drag, or the ↑ ↓ buttons) and add to. */
export function VisualRulesEditor(props: VisualRulesEditorProps) {
  const { variations, readOnly } = props;
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => draftsFromRules(props.initialRules));
  const [dragged, setDragged] = useState<number | null>(null);
  const suggestions = `rule-attributes-${props.environment}`;
  const update = (next: RuleDraft[]) => {
    setDrafts(next);
    props.onChange(rulesFromDrafts(next), hasIncompleteRows(next));
  };
  return (
    <div className="visual-rules">
      <datalist id={suggestions} data-testid="attribute-suggestions">
        {props.data.attributes.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {drafts.length === 0 && <p className="muted">No rules yet: everyone gets the default variation.</p>}
      <ol className="rule-cards" aria-label="Rules, first match wins">
        {drafts.map((draft, index) => (
          <RuleCard
            key={draft.key}
            draft={draft}
            index={index}
            count={drafts.length}
            flagKey={props.flagKey}
            variations={variations}
            segments={props.data.segments}
            suggestions={suggestions}
            problems={problemsOfRule(props.problems, index)}
            readOnly={readOnly}
            dragging={dragged === index}
            onChange={(next) => update(drafts.map((d, i) => (i === index ? next : d)))}
            onMove={(to) => update(moveItem(drafts, index, to))}
            onRemove={() => update(drafts.filter((_, i) => i !== index))}
            onDragStart={() => setDragged(index)}
            onDragEnd={() => setDragged(null)}
            onDrop={() => {
              if (dragged !== null && dragged !== index) update(moveItem(drafts, dragged, index));
              setDragged(null);
            }}
          />
        ))}
      </ol>
      {!readOnly && (
        <button type="button" className="quiet" onClick={() => update([...drafts, newDraft(drafts, variations)])}>
          + Add rule
        </button>
      )}
    </div>
  );
}

/** The problems under `rules[index]`, with paths relative to the rule. */
function problemsOfRule(problems: readonly ErrorDetail[], index: number): ErrorDetail[] {
  const prefix = `rules[${index}]`;
  return problems
    .filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`))
    .map((p) => ({ ...p, path: p.path.slice(prefix.length).replace(/^\./, "") }));
}

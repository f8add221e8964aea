import type { ErrorDetail, Rule, Segment } from "@switchboard/core";
import type { DragEvent } from "react";
import { ConditionRowsEditor } from "./condition-rows-editor.js";
import { RULE_KINDS, type RuleDraft, withKind } from "./rule-drafts.js";
import { RuleOutcome } from "./rule-outcome.js";
import { SegmentPicker } from "./segment-picker.js";

/** What a rule card needs besides its draft. */
export interface RuleCardProps {
  draft: RuleDraft;
  index: number;
  count: number;
  flagKey: string;
  variations: readonly string[];
  segments: Readonly<Record<string, Segment>>;
  /** The id of the `<datalist>` of attribute suggestions. */
  suggestions: string;
  /** Problems of this rule, paths relative to it (`percent`, `weights`). */
  problems: readonly ErrorDetail[];
  readOnly: boolean;
  dragging: boolean;
  onChange(draft: RuleDraft): void;
  onMove(to: number): void;
  onRemove(): void;
  onDragStart(): void;
  onDragEnd(): void;
  onDrop(): void;
}

/** One rule: who it applies to (condition rows, segments) and what they get (a variation, a ramp, a split). */
export function RuleCard(props: RuleCardProps) {
  const { draft, index, count, readOnly, variations } = props;
  const { rule } = draft;
  const setRule = (next: Rule) => props.onChange({ ...draft, rule: next });
  const allowDrop = (e: DragEvent) => {
    if (!readOnly) e.preventDefault();
  };
  return (
    <li
      className={`rule-card${props.dragging ? " dragging" : ""}`}
      aria-label={`Rule ${rule.id}`}
      onDragOver={allowDrop}
      onDrop={(e) => {
        e.preventDefault();
        props.onDrop();
      }}
    >
      <div className="rule-head">
        {!readOnly && (
          // biome-ignore lint/a11y/noStaticElementInteractions: the handle is for pointers; the move buttons beside it do the same from the keyboard.
          <span
            className="drag-handle"
            draggable
            title="Drag to reorder"
            data-testid={`drag-${rule.id}`}
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", rule.id);
              props.onDragStart();
            }}
            onDragEnd={props.onDragEnd}
          >
            ⠿
          </span>
        )}
        <span className="rule-number">{index + 1}.</span>
        <label>
          Rule id
          <input value={rule.id} readOnly={readOnly} onChange={(e) => setRule({ ...rule, id: e.target.value })} />
        </label>
        <label>
          Kind
          <select
            value={rule.kind}
            disabled={readOnly}
            onChange={(e) => setRule(withKind(rule, e.target.value as Rule["kind"], variations, props.flagKey))}
          >
            {RULE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {!readOnly && (
          <span className="rule-moves">
            <button
              type="button"
              className="quiet"
              aria-label={`Move rule ${rule.id} up`}
              disabled={index === 0}
              onClick={() => props.onMove(index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="quiet"
              aria-label={`Move rule ${rule.id} down`}
              disabled={index === count - 1}
              onClick={() => props.onMove(index + 1)}
            >
              ↓
            </button>
            <button type="button" className="quiet" aria-label={`Remove rule ${rule.id}`} onClick={props.onRemove}>
              Remove
            </button>
          </span>
        )}
      </div>
      <div className="rule-body">
        <div className="rule-who">
          <h3>Who</h3>
          {draft.rows === null ? (
            <p className="muted">
              Condition <code>{JSON.stringify(rule.condition)}</code> uses operators the rows cannot show; edit it in
              the JSON view.
            </p>
          ) : (
            <ConditionRowsEditor
              rows={draft.rows}
              suggestions={props.suggestions}
              readOnly={readOnly}
              onChange={(rows) => props.onChange({ ...draft, rows })}
            />
          )}
          <SegmentPicker
            segments={props.segments}
            picked={rule.segments ?? []}
            readOnly={readOnly}
            onChange={(picked) => {
              const { segments: _old, ...rest } = rule;
              setRule((picked.length === 0 ? rest : { ...rest, segments: picked }) as Rule);
            }}
          />
          {(rule.prerequisites ?? []).length > 0 && (
            <p className="muted">
              Only when {(rule.prerequisites ?? []).map((p) => `${p.flag} is ${p.is}`).join(" and ")} (JSON view).
            </p>
          )}
        </div>
        <div className="rule-what">
          <h3>What they get</h3>
          <RuleOutcome rule={rule} variations={variations} readOnly={readOnly} onChange={setRule} />
        </div>
      </div>
      {props.problems.length > 0 && (
        <ul className="field-problems" aria-label={`Problems of rule ${rule.id}`}>
          {props.problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              {p.path !== "" && <code>{p.path}</code>} {p.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

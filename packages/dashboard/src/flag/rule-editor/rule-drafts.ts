import type { ExperimentRule, Rule } from "@switchboard/core";
import { type ConditionRow, conditionFromRows, rowProblem, rowsFromCondition } from "./condition-rows.js";
import { pointsFromWeights, weightsFromPoints } from "./weights.js";

/** A rule being edited: the rule itself, and its condition as rows when rows can show it. */
export interface RuleDraft {
  /** Stays the same while the rule is edited and moved (React key, drag identity). */
  key: string;
  /** The rule; its `condition` is only read when `rows` is null. */
  rule: Rule;
  /** The condition as rows, or null when it is kept as is (edit it in the JSON view). */
  rows: ConditionRow[] | null;
}

/** The rule kinds a person can pick, with a few words each. */
export const RULE_KINDS = [
  { kind: "force", label: "Serve a variation" },
  { kind: "ramp", label: "Ramp up a variation" },
  { kind: "experiment", label: "Run an experiment" },
] as const;

/** Drafts of stored rules; keys are `draft-<index>` so they are stable for one editing session. */
export function draftsFromRules(rules: readonly Rule[]): RuleDraft[] {
  return rules.map((rule, i) => ({ key: `draft-${i}`, rule, rows: rowsFromCondition(rule.condition) }));
}

/** The rules the drafts describe, in order; incomplete condition rows are left out (see {@link draftProblems}). */
export function rulesFromDrafts(drafts: readonly RuleDraft[]): Rule[] {
  return drafts.map(({ rule, rows }) => {
    if (rows === null) return rule;
    const { condition: _old, ...rest } = rule;
    const condition = conditionFromRows(rows);
    return (condition === undefined ? rest : { ...rest, condition }) as Rule;
  });
}

/** What stops a draft from being saved as shown, per condition row (`null` for a complete row). */
export function rowProblems(draft: RuleDraft): (string | null)[] {
  return (draft.rows ?? []).map(rowProblem);
}

/** Whether any draft has an incomplete row (the rules would then differ from what the rows show). */
export function hasIncompleteRows(drafts: readonly RuleDraft[]): boolean {
  return drafts.some((draft) => rowProblems(draft).some((problem) => problem !== null));
}

/** A rule id not used yet: `rule-1`, `rule-2`, … */
export function freshRuleId(drafts: readonly RuleDraft[]): string {
  const used = new Set(drafts.map((d) => d.rule.id));
  let n = drafts.length + 1;
  while (used.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/**
 * The rule turned into another kind, keeping who it applies to (id, description, condition, segments,
 * prerequisites); what it serves starts from the flag's variations.
 */
export function withKind(rule: Rule, kind: Rule["kind"], variations: readonly string[], flagKey: string): Rule {
  if (rule.kind === kind) return rule;
  const { id, description, condition, segments, prerequisites } = rule;
  const targeting = {
    id,
    ...(description === undefined ? {} : { description }),
    ...(condition === undefined ? {} : { condition }),
    ...(segments === undefined ? {} : { segments }),
    ...(prerequisites === undefined ? {} : { prerequisites }),
  };
  const serve = rule.kind === "experiment" ? (variations.at(-1) ?? "") : rule.serve;
  if (kind === "force") return { kind, ...targeting, serve };
  if (kind === "ramp") return { kind, ...targeting, serve, percent: 10 };
  const experiment: ExperimentRule = {
    kind,
    ...targeting,
    key: flagKey,
    variations: [...variations],
    weights: weightsFromPoints(pointsFromWeights(undefined, variations.length)),
  };
  return experiment;
}

/** A new rule at the end: serve the last variation (usually `on`) to everyone, until conditions are added. */
export function newDraft(drafts: readonly RuleDraft[], variations: readonly string[]): RuleDraft {
  const id = freshRuleId(drafts);
  const keys = new Set(drafts.map((d) => d.key));
  let n = drafts.length;
  while (keys.has(`new-${n}`)) n++;
  return { key: `new-${n}`, rule: { kind: "force", id, serve: variations.at(-1) ?? "" }, rows: [] };
}

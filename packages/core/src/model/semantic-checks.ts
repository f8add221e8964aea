import { conditionProblems } from "./condition-checks.js";
import type { ExperimentMeta, Flag, Segment, Variation } from "./flag-set-schema.js";
import { resolveEnvironment, resolveRule } from "./normalize-flag-set.js";
import type { Problem } from "./problem.js";
import { formatPath, type PathSegment } from "./problem-path.js";
import { type CheckContext, listOf, ruleProblems } from "./rule-checks.js";
import type { Rule } from "./rule-schema.js";

/**
 * Every problem of one flag (defaults filled) that its shape alone cannot show. `rules` are the environments'
 * rules at their indexes (undefined where a rule's shape is broken); without it the flag's own rules are used.
 */
export function flagProblems(
  context: CheckContext,
  key: string,
  flag: Flag,
  rules?: Readonly<Record<string, readonly (Rule | undefined)[]>>,
): Problem[] {
  const path: PathSegment[] = ["flags", key];
  const at = (...tail: PathSegment[]) => formatPath([...path, ...tail]);
  const variations = flag.variations ?? [];
  const keys = variations.map((variation) => variation.key);
  const problems = variationProblems(context, flag, variations, path);
  if (variations.length === 0) problems.push({ path: at("variations"), message: "is required" });
  const unknownVariation = (name: string) => `unknown variation ${JSON.stringify(name)} (${listOf(keys)})`;
  if (!keys.includes(flag.defaultVariation)) {
    problems.push({ path: at("defaultVariation"), message: unknownVariation(flag.defaultVariation) });
  }
  for (const [name, raw] of Object.entries(flag.environments ?? {})) {
    const environment = resolveEnvironment(key, raw);
    const envPath = [...path, "environments", name];
    if (context.environments && !context.environments.has(name)) {
      const message = `is not a declared environment (${listOf([...context.environments])})`;
      problems.push({ path: formatPath(envPath), message });
    }
    if (environment.defaultVariation !== undefined && !keys.includes(environment.defaultVariation)) {
      const message = unknownVariation(environment.defaultVariation);
      problems.push({ path: formatPath([...envPath, "defaultVariation"]), message });
    }
    const firstIndexOfId = new Map<string, number>();
    const sound = rules ? (rules[name] ?? []).map((rule) => rule && resolveRule(key, rule)) : environment.rules;
    sound.forEach((rule, index) => {
      if (!rule) return;
      const rulePath = [...envPath, "rules", index];
      const first = firstIndexOfId.get(rule.id);
      if (first === undefined) firstIndexOfId.set(rule.id, index);
      else problems.push({ path: formatPath([...rulePath, "id"]), message: `duplicates the id of rules[${first}]` });
      problems.push(...ruleProblems(context, key, keys, rule, rulePath));
    });
  }
  return problems;
}

function variationProblems(
  context: CheckContext,
  flag: Flag,
  variations: readonly Variation[],
  path: PathSegment[],
): Problem[] {
  const problems: Problem[] = [];
  const seenKeys = new Map<string, number>();
  const seenValues = new Map<string, number>();
  variations.forEach((variation, index) => {
    const at = [...path, "variations", index];
    const first = seenKeys.get(variation.key);
    if (first === undefined) seenKeys.set(variation.key, index);
    else problems.push({ path: formatPath([...at, "key"]), message: `duplicates the key of variations[${first}]` });
    const typeMessage = valueTypeProblem(flag.type, variation.value);
    if (typeMessage) problems.push({ path: formatPath([...at, "value"]), message: typeMessage });
    const serialized = JSON.stringify(variation.value);
    const sameValue = seenValues.get(serialized);
    if (sameValue === undefined) seenValues.set(serialized, index);
    // Allowed for A/A tests, but a forced value then cannot tell which variation it was.
    else context.warnings.push(`${formatPath(at)}: has the same value as variations[${sameValue}]`);
  });
  return problems;
}

/** Why `value` is not of the flag's `type`, or null when it is. */
export function valueTypeProblem(type: Flag["type"], value: unknown): string | null {
  if (value === undefined) return "is required";
  if (type === "boolean" && typeof value !== "boolean") return "must be true or false (the flag is boolean)";
  if (type === "string" && typeof value !== "string") return "must be a string (the flag is string)";
  if (type === "number" && (typeof value !== "number" || !Number.isFinite(value))) {
    return "must be a finite number (the flag is number)";
  }
  return null;
}

/** Every problem of one structurally valid segment. */
export function segmentProblems(name: string, segment: Segment): Problem[] {
  if ("condition" in segment) return conditionProblems(segment.condition, ["segments", name, "condition"]);
  return [];
}

/** Every problem of one structurally valid experiment's metadata. */
export function experimentProblems(key: string, experiment: ExperimentMeta): Problem[] {
  const guardrail = experiment.autoDisable?.guardrail;
  if (guardrail === undefined || (experiment.guardrails ?? []).includes(guardrail)) return [];
  const path = formatPath(["experiments", key, "autoDisable", "guardrail"]);
  return [{ path, message: `must be one of the experiment's guardrails (${listOf(experiment.guardrails ?? [])})` }];
}

import { conditionProblems } from "./condition-checks.js";
import type { Flag } from "./flag-set-schema.js";
import { WEIGHT_SUM_TOLERANCE } from "./model-defaults.js";
import type { ResolvedRule } from "./normalize-flag-set.js";
import type { Problem } from "./problem.js";
import { formatPath, type PathSegment } from "./problem-path.js";

/** What rule checks need to know about the rest of the flag set. */
export interface CheckContext {
  /** Every segment name, valid or not, so one broken segment does not also break its users. */
  segmentNames: ReadonlySet<string>;
  /** Flags that passed the structural checks, with their defaults filled, by key. */
  flags: Readonly<Record<string, Flag>>;
  /** Every flag key, valid or not. */
  flagKeys: ReadonlySet<string>;
  /** The declared environment names, when the flag set declares them. */
  environments: ReadonlySet<string> | undefined;
  warnings: string[];
}

/** Every problem of one rule of `flagKey` whose variations are `variationKeys`. */
export function ruleProblems(
  context: CheckContext,
  flagKey: string,
  variationKeys: readonly string[],
  rule: ResolvedRule,
  path: readonly PathSegment[],
): Problem[] {
  const problems: Problem[] = [];
  const at = (...tail: PathSegment[]) => formatPath([...path, ...tail]);
  const unknownVariation = (key: string) => `unknown variation ${JSON.stringify(key)} (${listOf(variationKeys)})`;

  if (rule.condition) problems.push(...conditionProblems(rule.condition, [...path, "condition"]));
  rule.segments?.forEach((name, index) => {
    if (!context.segmentNames.has(name)) problems.push({ path: at("segments", index), message: unknownSegment(name) });
  });
  rule.prerequisites?.forEach((prerequisite, index) => {
    const problem = prerequisiteProblem(context, flagKey, prerequisite.flag, prerequisite.is);
    if (problem) problems.push({ path: at("prerequisites", index, problem.field), message: problem.message });
  });

  if (rule.kind === "force" || rule.kind === "ramp") {
    if (!variationKeys.includes(rule.serve))
      problems.push({ path: at("serve"), message: unknownVariation(rule.serve) });
    return problems;
  }
  rule.variations.forEach((key, index) => {
    if (!variationKeys.includes(key)) problems.push({ path: at("variations", index), message: unknownVariation(key) });
    else if (rule.variations.indexOf(key) !== index) {
      problems.push({ path: at("variations", index), message: `lists ${JSON.stringify(key)} twice` });
    }
  });
  if (rule.weights.length !== rule.variations.length) {
    const message = `must have one weight per variation (${rule.variations.length}, got ${rule.weights.length})`;
    problems.push({ path: at("weights"), message });
  } else {
    const sum = rule.weights.reduce((total, weight) => total + weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      problems.push({ path: at("weights"), message: `must sum to 1 (got ${Number(sum.toFixed(9))})` });
    }
  }
  const range = rule.namespace?.range;
  if (range && range[0] >= range[1]) {
    problems.push({ path: at("namespace", "range"), message: `must start before it ends (got [${range.join(", ")}])` });
  }
  return problems;
}

function prerequisiteProblem(
  context: CheckContext,
  flagKey: string,
  parentKey: string,
  variationKey: string,
): { field: "flag" | "is"; message: string } | null {
  if (parentKey === flagKey) return { field: "flag", message: "must not be the flag itself" };
  if (!context.flagKeys.has(parentKey)) return { field: "flag", message: `unknown flag ${JSON.stringify(parentKey)}` };
  const parent = context.flags[parentKey];
  if (!parent) return null;
  if (parent.type === "json") {
    // Prerequisites compare the parent's value with a condition, which cannot express equality of any object.
    return {
      field: "flag",
      message: `must be a boolean, string or number flag (${JSON.stringify(parentKey)} is json)`,
    };
  }
  const keys = (parent.variations ?? []).map((variation) => variation.key);
  if (!keys.includes(variationKey)) {
    return {
      field: "is",
      message: `unknown variation ${JSON.stringify(variationKey)} of ${parentKey} (${listOf(keys)})`,
    };
  }
  if (!context.flags[flagKey]?.clientVisible || parent.clientVisible) return null;
  context.warnings.push(
    `${formatPath(["flags", flagKey])}: depends on ${JSON.stringify(parentKey)}, which is not clientVisible, so client payloads skip that rule`,
  );
  return null;
}

/** "known: "a", "b"" — the hint appended to messages about unknown names. */
export function listOf(keys: readonly string[]): string {
  return keys.length === 0 ? "none defined" : `known: ${keys.map((key) => JSON.stringify(key)).join(", ")}`;
}

function unknownSegment(name: string): string {
  return `unknown segment ${JSON.stringify(name)}`;
}

import type { Attributes, Condition, SavedGroups } from "../payload/payload-types.js";
import { compileAttributePath, hasAttributePath } from "./attribute-path.js";
import { compileClause, compileCondition, createCompileContext, FULL_CONDITIONS } from "./compile-condition.js";
import { compileOperator } from "./compile-operator.js";
import { isOperatorObject } from "./compile-value.js";
import { describeEqualityFailure, describeOperatorFailure } from "./describe-operator.js";
import { type CompileContext, formatValue, TOO_DEEP } from "./matcher.js";

/**
 * Says in one sentence why a condition fails for these attributes, naming the first failing clause
 * (e.g. `country must equal "jp" (got "us")`), or returns `null` when it passes.
 * Slow by design (it recompiles clause by clause); the verdict always agrees with {@link compileCondition}.
 */
export function explainCondition(
  condition: Condition,
  attributes: Attributes,
  savedGroups: SavedGroups = {},
): string | null {
  const warnings: string[] = [];
  if (compileCondition(condition, savedGroups, warnings)(attributes)) return null;
  if (warnings.includes(TOO_DEEP)) return TOO_DEEP;
  try {
    return explainTree(condition, attributes, savedGroups) ?? "the condition does not match";
  } catch {
    return "the condition could not be evaluated against these attributes";
  }
}

function explainTree(condition: unknown, target: unknown, savedGroups: SavedGroups): string | undefined {
  if (condition === null || condition === undefined) return "the condition is null; it never matches";
  for (const [key, value] of Object.entries(condition)) {
    const warnings: string[] = [];
    const context = createCompileContext(savedGroups, warnings, FULL_CONDITIONS);
    if (compileClause(key, value, context)(target)) continue;
    return explainClause(key, value, target, context, warnings);
  }
  return undefined;
}

function explainClause(
  key: string,
  value: unknown,
  target: unknown,
  context: CompileContext,
  warnings: readonly string[],
): string | undefined {
  const passes = (item: unknown) => context.compileTree(item, context)(target);
  switch (key) {
    case "$or":
      return warnings[0] ?? "$or: no alternative matched";
    case "$nor": {
      if (!Array.isArray(value)) return warnings[0];
      const index = value.findIndex(passes);
      return index === -1 ? "$nor: an empty list never passes" : `$nor: alternative ${index + 1} matched`;
    }
    case "$and": {
      if (!Array.isArray(value)) return warnings[0];
      const failing: unknown = value.find((item) => !passes(item));
      return explainTree(failing, target, context.savedGroups) ?? "$and: a condition did not match";
    }
    case "$not":
      return warnings[0] ?? "$not: the negated condition matched";
    case "$savedGroup":
      return `the attributes are not in saved group ${formatValue((value as { id?: unknown } | null)?.id)}`;
    default:
      return explainField(key, value, target, context, warnings);
  }
}

function explainField(
  path: string,
  expected: unknown,
  target: unknown,
  context: CompileContext,
  warnings: readonly string[],
): string | undefined {
  const actual = compileAttributePath(path)(target);
  const present = hasAttributePath(target, path);
  if (typeof expected !== "object" || expected === null || Array.isArray(expected) || !isOperatorObject(expected)) {
    return warnings[0] !== undefined
      ? `${path}: ${warnings[0]}`
      : describeEqualityFailure(path, expected, actual, present);
  }
  for (const [operator, argument] of Object.entries(expected)) {
    const operatorWarnings: string[] = [];
    const matcher = compileOperator(operator, argument, { ...context, warnings: operatorWarnings });
    if (matcher(actual)) continue;
    const warning = operatorWarnings[0] ?? groupProblem(operator, argument, context);
    return warning !== undefined
      ? `${path}: ${warning}`
      : describeOperatorFailure(path, operator, argument, actual, present);
  }
  return undefined;
}

function groupProblem(operator: string, id: unknown, context: CompileContext): string | undefined {
  if (operator !== "$inGroup" && operator !== "$notInGroup") return undefined;
  const entry = (context.savedGroups as Record<string, unknown>)[String(id)];
  if (entry === undefined || Array.isArray(entry)) return undefined;
  const values = (entry as { type?: unknown; values?: unknown } | null)?.values;
  const isList = (entry as { type?: unknown } | null)?.type === "list" && Array.isArray(values);
  return isList ? undefined : `saved group ${formatValue(id)} is not a list of ids; the clause never matches`;
}

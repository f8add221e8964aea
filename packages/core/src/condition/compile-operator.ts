import { compileValueCondition, isOperatorObject } from "./compile-value.js";
import { compileRelation, isRelationOperator } from "./loose-compare.js";
import { type CompileContext, NEVER, negate, nested, neverWithWarning, type ValueMatcher } from "./matcher.js";
import { compileMembership, resolveGroupList } from "./membership.js";
import { compileRegexMatch } from "./regex-match.js";
import { compileVersionComparison, isVersionOperator } from "./version-compare.js";

/** Compiles one operator of an operator object (`{"$gt": 18}` → `value > 18`) with GrowthBook semantics. */
export function compileOperator(operator: string, expected: unknown, context: CompileContext): ValueMatcher {
  if (isRelationOperator(operator)) return compileRelation(operator, expected);
  if (isVersionOperator(operator)) return compileVersionComparison(operator, expected);
  switch (operator) {
    case "$eq":
      return (value) => value === expected;
    case "$ne":
      return (value) => value !== expected;
    case "$exists":
      return expected
        ? (value) => value !== null && value !== undefined
        : (value) => value === null || value === undefined;
    case "$in":
    case "$ini":
      return Array.isArray(expected) ? compileMembership(expected, operator === "$ini") : needsList(operator, context);
    case "$nin":
    case "$nini":
      return Array.isArray(expected)
        ? negate(compileMembership(expected, operator === "$nini"))
        : needsList(operator, context);
    case "$inGroup":
    case "$notInGroup":
      return compileGroupMembership(expected, operator === "$notInGroup", context);
    case "$all":
    case "$alli":
      return Array.isArray(expected)
        ? compileAll(expected, operator === "$alli", context)
        : needsList(operator, context);
    case "$not":
      return negate(compileValueCondition(expected, nested(context)));
    case "$size":
      return compileSize(expected, context);
    case "$elemMatch":
      return compileElementMatch(expected, context);
    case "$regex":
    case "$regexi":
    case "$notRegex":
    case "$notRegexi":
      return compileRegexMatch(expected, operator.endsWith("i") ? "i" : "", operator.startsWith("$not"), context);
    case "$type":
      return (value) => typeOf(value) === expected;
    default:
      return neverWithWarning(context, `unknown operator "${operator}"; the clause never matches`);
  }
}

function needsList(operator: string, context: CompileContext): ValueMatcher {
  return neverWithWarning(context, `${operator} needs a list of values; the clause never matches`);
}

function compileGroupMembership(id: unknown, negated: boolean, context: CompileContext): ValueMatcher {
  const list = resolveGroupList(context.savedGroups, id);
  // A group that is not a list matches nobody either way: an empty list would let `$notInGroup` pass everyone.
  if (list === undefined) return NEVER;
  const isIn = compileMembership(list);
  return negated ? negate(isIn) : isIn;
}

function compileAll(expected: readonly unknown[], ignoreCase: boolean, context: CompileContext): ValueMatcher {
  const inner = nested(context);
  const required = expected.map((item) => compileValueCondition(item, inner, ignoreCase));
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < required.length; i++) {
      const matches = required[i] as ValueMatcher;
      let found = false;
      for (let j = 0; j < value.length && !found; j++) found = matches(value[j]);
      if (!found) return false;
    }
    return true;
  };
}

function compileSize(expected: unknown, context: CompileContext): ValueMatcher {
  const length = compileValueCondition(expected, nested(context));
  return (value) => Array.isArray(value) && length(value.length);
}

function compileElementMatch(expected: unknown, context: CompileContext): ValueMatcher {
  if (expected === null || expected === undefined) {
    return neverWithWarning(context, "$elemMatch needs a condition; the clause never matches");
  }
  const inner = nested(context);
  // An operator object tests each element itself; anything else is a condition over each element's fields.
  const element: ValueMatcher = isOperatorObject(Object(expected))
    ? compileValueCondition(expected, inner)
    : context.compileTree(expected, inner);
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Nullish elements are skipped; 0, "" and false are still tested.
      if (item !== null && item !== undefined && element(item)) return true;
    }
    return false;
  };
}

/** GrowthBook's `$type` names: null, array, string, number, boolean, object, undefined, else unknown. */
export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "function" || type === "symbol" || type === "bigint" ? "unknown" : type;
}

import type { Attributes, Condition, SavedGroups } from "../payload/payload-types.js";
import { compileAttributePath, compileTopLevelTest } from "./attribute-path.js";
import { allOf, compileValueCondition } from "./compile-value.js";
import { compileFieldEquality, type FieldEquality } from "./field-equality.js";
import { compileJsonEquals } from "./json-equality.js";
import { compileStringEquals } from "./loose-equality.js";
import {
  ALWAYS,
  type CompileContext,
  type ConditionFlavor,
  MAX_DEPTH,
  NEVER,
  negate,
  nested,
  neverWithWarning,
  type ObjectMatcher,
  refuseTooDeep,
} from "./matcher.js";
import { compileSavedGroupReference } from "./saved-group-reference.js";
import { hasSafeStarHeight } from "./star-height.js";

/** A condition compiled once into a closure; evaluating it never throws and allocates nothing. */
export type CompiledCondition = (attributes: Attributes) => boolean;

/**
 * Compiles a MongoDB-style condition (GrowthBook semantics) into a closure.
 * Regexes are compiled once; invalid or catastrophic-backtracking patterns make their clause evaluate to false,
 * and a readable reason for each such clause is pushed onto `warnings` when given. As in GrowthBook, a
 * refused clause under `$not` is negated like any other false clause; a condition nested too deep is refused whole.
 *
 * @example compileCondition({ country: "jp", "device.os": { $in: ["macOS", "iOS"] } })({ country: "jp", device: { os: "iOS" } }) // true
 */
export function compileCondition(
  condition: Condition,
  savedGroups: SavedGroups = {},
  warnings?: string[],
): CompiledCondition {
  return compileConditionWith(condition, savedGroups, warnings, FULL_CONDITIONS);
}

/** Conditions as `compileCondition` compiles them: regexes checked, every fast path built. */
export const FULL_CONDITIONS: ConditionFlavor = {
  safePattern: hasSafeStarHeight,
  jsonEquals: compileJsonEquals,
  fieldEquality: compileFieldEquality,
};

/**
 * `compileCondition` with the flavor chosen by the caller (evaluators pass their own): a bundle that never passes
 * `FULL_CONDITIONS` leaves out the regex check and the fast paths it does not use.
 */
export function compileConditionWith(
  condition: Condition,
  savedGroups: SavedGroups,
  warnings: string[] | undefined,
  flavor: ConditionFlavor,
): CompiledCondition {
  const context = createCompileContext(savedGroups, warnings, flavor);
  const matcher = compileConditionTree(condition, context);
  if (context.limits.exceeded) return NEVER;
  if (matcher === ALWAYS || matcher === NEVER) return matcher;
  return (attributes) => {
    // Type checks make ordinary bad input harmless; this only catches hostile objects (throwing getters, proxies).
    try {
      return matcher(attributes);
    } catch {
      return false;
    }
  };
}

/** A fresh compilation context (exported for the explanation path, which compiles clause by clause). */
export function createCompileContext(
  savedGroups: SavedGroups,
  warnings: string[] | undefined,
  flavor: ConditionFlavor,
): CompileContext {
  return {
    savedGroups,
    warnings,
    flavor,
    visited: new Set(),
    depth: 0,
    limits: { exceeded: false },
    groupCache: new Map(),
    compileTree: compileConditionTree,
  };
}

/** Compiles a condition object: every key (a field path or `$and`/`$or`/`$nor`/`$not`/`$savedGroup`) must hold. */
export function compileConditionTree(condition: unknown, context: CompileContext): ObjectMatcher {
  if (condition === null || condition === undefined) {
    return neverWithWarning(context, "condition is null; it never matches");
  }
  if (context.depth > MAX_DEPTH) return refuseTooDeep(context);
  const clauses: ObjectMatcher[] = [];
  const fields: FieldEquality[] = [];
  let onlyFields = true;
  // Object.entries on purpose: GrowthBook iterates a primitive's entries too (a string's characters, none for numbers).
  for (const [key, value] of Object.entries(condition)) {
    const clause = compileClause(key, value, context);
    if (clause === NEVER) return NEVER;
    if (clause !== ALWAYS) clauses.push(clause);
    if (onlyFields && typeof value === "string" && isTopLevelField(key)) {
      fields.push({ key, expected: value, matches: compileStringEquals(value) });
    } else {
      onlyFields = false;
    }
  }
  const general = allOf(clauses);
  const fieldEquality = context.flavor.fieldEquality;
  return onlyFields && fieldEquality !== undefined ? fieldEquality(fields, general) : general;
}

/** Whether a condition key names a top-level attribute (not an operator like `$or`, not a dotted path). */
function isTopLevelField(key: string): boolean {
  return !SPECIAL_KEYS.has(key) && !key.includes(".");
}

const SPECIAL_KEYS: ReadonlySet<string> = new Set(["$or", "$nor", "$and", "$not", "$savedGroup"]);

/** Compiles one key of a condition object. */
export function compileClause(key: string, value: unknown, context: CompileContext): ObjectMatcher {
  switch (key) {
    case "$or":
      return compileAnyOf(value, context, false);
    case "$nor":
      return compileAnyOf(value, context, true);
    case "$and":
      return compileAllOf(value, context);
    case "$not":
      return negate(compileConditionTree(value, nested(context)));
    case "$savedGroup":
      return compileSavedGroupReference(value, context);
    default: {
      const matcher = compileValueCondition(value, nested(context));
      if (matcher === NEVER || matcher === ALWAYS) return matcher;
      if (!key.includes(".")) return compileTopLevelTest(key, matcher);
      const read = compileAttributePath(key);
      return (attributes) => matcher(read(attributes));
    }
  }
}

function compileAnyOf(value: unknown, context: CompileContext, negated: boolean): ObjectMatcher {
  const operator = negated ? "$nor" : "$or";
  if (!Array.isArray(value))
    return neverWithWarning(context, `${operator} needs a list of conditions; it never matches`);
  const inner = nested(context);
  const alternatives = value.map((item) => compileConditionTree(item, inner)).filter((matcher) => matcher !== NEVER);
  // An empty $or passes (and so an empty $nor fails), as in GrowthBook.
  const matchesAny: ObjectMatcher =
    value.length === 0 || alternatives.includes(ALWAYS)
      ? ALWAYS
      : alternatives.length === 0
        ? NEVER
        : (target) => {
            for (let i = 0; i < alternatives.length; i++) {
              if ((alternatives[i] as ObjectMatcher)(target)) return true;
            }
            return false;
          };
  return negated ? negate(matchesAny) : matchesAny;
}

function compileAllOf(value: unknown, context: CompileContext): ObjectMatcher {
  if (!Array.isArray(value)) return neverWithWarning(context, "$and needs a list of conditions; it never matches");
  const inner = nested(context);
  const parts = value.map((item) => compileConditionTree(item, inner)).filter((matcher) => matcher !== ALWAYS);
  return parts.includes(NEVER) ? NEVER : allOf(parts);
}

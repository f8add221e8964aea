import { compileConditionWith } from "../condition/compile-condition.js";
import type { ParentCondition } from "../payload/payload-types.js";
import type { CompiledParent, EvalEnv } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import type { FeatureResult } from "./feature-result.js";
import { CYCLIC_RESULT, overrideResult, UNKNOWN_FEATURE_RESULT } from "./result-factory.js";

/** Outcomes of checking a rule's prerequisites. */
export const PREREQUISITES_PASS = 0;
export const PREREQUISITES_SKIP_RULE = 1;
export const PREREQUISITES_BLOCK_FLAG = 2;
export const PREREQUISITES_CYCLE = 3;

/** Compiles the `parentConditions` of a rule (undefined when there are none). */
export function compileParents(
  parents: readonly ParentCondition[] | undefined,
  env: EvalEnv,
  warnings: string[],
): CompiledParent[] | undefined {
  if (parents === undefined || parents.length === 0) return undefined;
  return parents.map((parent) => ({
    id: parent.id,
    condition: compileConditionWith(parent.condition ?? {}, env.savedGroups, warnings, env.conditions),
    gate: parent.gate === true,
    source: parent,
  }));
}

/**
 * Evaluates a flag as a prerequisite of the flags on the current path: a flag already on the path is a cycle.
 * Forced values and unknown flags answer as they would at the top level.
 */
export function evaluateParent(env: EvalEnv, key: string, context: EvalContext): FeatureResult {
  for (let i = 0; i < env.depth; i++) if (env.path[i] === key) return CYCLIC_RESULT;
  const forced = context.forcedFeatureValues;
  if (forced?.has(key)) return overrideResult(forced.get(key));
  const feature = env.features.get(key);
  return feature === undefined ? UNKNOWN_FEATURE_RESULT : feature.evaluate(context);
}

/**
 * Checks every prerequisite of a rule in order; `featureKey` (null for a standalone experiment) is put on the path
 * while its parents are evaluated, so a parent that needs it back is detected as a cycle.
 */
export function checkPrerequisites(
  featureKey: string | null,
  parents: readonly CompiledParent[],
  context: EvalContext,
  env: EvalEnv,
): number {
  const outerDepth = env.depth;
  if (featureKey !== null) env.path[env.depth++] = featureKey;
  try {
    for (const parent of parents) {
      const result = evaluateParent(env, parent.id, context);
      if (result.source === "cyclicPrerequisite") return PREREQUISITES_CYCLE;
      if (!parent.condition({ value: result.value })) {
        return parent.gate ? PREREQUISITES_BLOCK_FLAG : PREREQUISITES_SKIP_RULE;
      }
    }
    return PREREQUISITES_PASS;
  } finally {
    env.depth = outerDepth;
  }
}

import { internalsOf } from "./evaluator-internals.js";
import type { EvalContext, Evaluator } from "./evaluator-types.js";
import { explainFeature } from "./explain.js";
import type { Explanation } from "./feature-result.js";

/**
 * The slow path: a flag's result for one context plus, per rule, whether it matched and why. A function rather
 * than an evaluator method, so that apps which only evaluate flags do not ship it. Never throws; the rules are
 * empty for an override, an error, or an evaluator `createEvaluator` did not make.
 * @example explainFlag(evaluator, "new-checkout", { attributes: { id: "u1" } }).rules[0]?.reason
 */
export function explainFlag(evaluator: Evaluator, flagKey: string, context: EvalContext): Explanation {
  const result = evaluator.evaluate(flagKey, context);
  const internals = internalsOf(evaluator);
  if (internals === undefined || result.source === "override" || result.reason === "ERROR") {
    return { result, rules: [] };
  }
  try {
    const feature = internals.features.get(flagKey);
    return { result, rules: feature === undefined ? [] : explainFeature(feature, context, internals.env) };
  } catch {
    internals.env.depth = 0;
    return { result, rules: [] };
  }
}

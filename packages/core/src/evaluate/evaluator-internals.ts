import type { EvalEnv } from "./eval-env.js";
import type { Evaluator } from "./evaluator-types.js";
import type { FeatureCompiler, FeatureTable } from "./feature-table.js";

/** What the slow paths (`explainFlag`) read of an evaluator made by `createEvaluator`. */
export interface EvaluatorInternals {
  readonly features: FeatureTable;
  readonly env: EvalEnv;
  readonly compiler: FeatureCompiler;
}

// Kept beside the evaluator rather than on it, so it stays out of the public object and off the hot path.
const internals = new WeakMap<Evaluator, EvaluatorInternals>();

/** Records an evaluator's compiled flags and environment for the slow paths. */
export function recordInternals(evaluator: Evaluator, recorded: EvaluatorInternals): void {
  internals.set(evaluator, recorded);
}

/** The compiled flags and environment behind an evaluator, or `undefined` for one `createEvaluator` did not make. */
export function internalsOf(evaluator: Evaluator): EvaluatorInternals | undefined {
  return internals.get(evaluator);
}

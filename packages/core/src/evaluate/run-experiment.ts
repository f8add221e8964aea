import { assignVariation } from "./assign-variation.js";
import { buildExperimentResult } from "./build-experiment-result.js";
import { asReportedExperiment, compileExperiment, compilePlan } from "./compile-experiment.js";
import { internalsOf } from "./evaluator-internals.js";
import type { EvalContext, Evaluator, ExperimentDefinition } from "./evaluator-types.js";
import { withoutExtras } from "./experiment-extras.js";
import type { ExperimentResult } from "./feature-result.js";

/**
 * Runs an experiment that is not part of a flag (GrowthBook's inline experiments), against the evaluator's saved
 * groups and flags (for prerequisites). A function rather than an evaluator method, so that apps which only
 * evaluate flags do not ship it. Never throws: a malformed definition is "not in the experiment".
 * @example runExperiment(evaluator, { key: "hero", variations: ["a", "b"] }, { attributes: { id: "u1" } }).value
 */
export function runExperiment(
  evaluator: Evaluator,
  experiment: ExperimentDefinition,
  given: EvalContext,
): ExperimentResult {
  const env = internalsOf(evaluator)?.env;
  if (env === undefined) return notInExperiment(experiment);
  // The lean evaluator ignores `url` and sticky buckets here as in its flags.
  const context = env.extras === undefined ? withoutExtras(given) : given;
  try {
    const attributes = context.attributes ?? {};
    const compiled = compileExperiment(experiment, env, []);
    const plan = compilePlan(asReportedExperiment(experiment), experiment, undefined);
    const out = { variation: 0, inExperiment: false, hashUsed: false, bucket: -1, stickyBucketUsed: false };
    assignVariation(compiled, plan, context, attributes, env, out);
    return buildExperimentResult(compiled, plan, context, attributes, out, null);
  } catch {
    env.depth = 0;
    return notInExperiment(experiment);
  }
}

/** The answer when an experiment cannot be run at all (a malformed definition, attributes that throw). */
function notInExperiment(experiment: ExperimentDefinition): ExperimentResult {
  const variations = Array.isArray(experiment?.variations) ? experiment.variations : [];
  return {
    key: "0",
    featureId: null,
    inExperiment: false,
    hashUsed: false,
    variationId: 0,
    value: variations[0],
    hashAttribute: typeof experiment?.hashAttribute === "string" ? experiment.hashAttribute : "id",
    hashValue: "",
    stickyBucketUsed: false,
  };
}

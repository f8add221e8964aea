import type { Attributes } from "../payload/payload-types.js";
import type { CompiledExperiment, ExperimentPlan } from "./compile-experiment.js";
import type { Assignment } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import type { ExperimentResult } from "./feature-result.js";

/** Builds GrowthBook's experiment result from an assignment (hash attribute and value as GrowthBook reports them). */
export function buildExperimentResult(
  experiment: CompiledExperiment,
  plan: ExperimentPlan,
  context: EvalContext,
  attributes: Attributes,
  assignment: Assignment,
  featureId: string | null,
): ExperimentResult {
  let hashAttribute = experiment.hashAttribute;
  let hashValue: unknown = attributes[hashAttribute] || "";
  const fallback = experiment.fallbackAttribute;
  if (!hashValue && fallback !== undefined && experiment.stickyAllowed && context.stickyBuckets !== undefined) {
    const fallbackValue = attributes[fallback];
    if (fallbackValue) {
      hashValue = fallbackValue;
      hashAttribute = fallback;
    }
  }
  const i = assignment.variation;
  const result: ExperimentResult = {
    key: experiment.variationKeys[i] as string,
    featureId,
    inExperiment: assignment.inExperiment,
    hashUsed: assignment.hashUsed,
    variationId: i,
    value: experiment.variations[i],
    hashAttribute,
    hashValue,
    stickyBucketUsed: assignment.stickyBucketUsed,
  };
  const name = experiment.variationNames[i];
  if (name !== undefined) result.name = name;
  if (assignment.bucket >= 0) result.bucket = assignment.bucket;
  if (experiment.passthrough[i]) result.passthrough = true;
  const bandit = plan.bandit;
  if (bandit !== undefined && assignment.hashUsed && assignment.inExperiment) {
    result.leafId = bandit.leafId;
    // Shared with the compiled plan: frozen, like everything a result points into.
    if (bandit.variationWeights !== undefined) result.variationWeights = bandit.variationWeights as number[];
    if (bandit.banditVersion !== undefined) result.banditVersion = bandit.banditVersion;
  }
  return result;
}

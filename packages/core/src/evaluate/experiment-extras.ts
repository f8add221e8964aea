import { getQueryStringOverride } from "../hash/get-query-string-override.js";
import type { ExperimentExtras } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import { lookupStickyBucket, saveStickyBucket, stickyValue } from "./sticky-buckets.js";

/**
 * The experiment features a context switches on (`url` overrides, sticky bucketing), as every evaluator has them
 * but the lean one (`createLeanEvaluator`), whose bundle leaves them out.
 */
export const EXPERIMENT_EXTRAS: ExperimentExtras = {
  queryOverride: getQueryStringOverride,
  lookupSticky: lookupStickyBucket,
  saveSticky: (store, attribute, unit, experimentKey, variationKey) =>
    saveStickyBucket(store, attribute, stickyValue(unit), experimentKey, variationKey),
};

/** The context an evaluator without extras evaluates: no `url`, no sticky buckets, so every step agrees. */
export function withoutExtras(context: EvalContext): EvalContext {
  return context.url || context.stickyBuckets ? { ...context, url: undefined, stickyBuckets: undefined } : context;
}

import { chooseVariation } from "../hash/choose-variation.js";
import type { Attributes } from "../payload/payload-types.js";
import type { CompiledExperiment, ExperimentPlan } from "./compile-experiment.js";
import type { Assignment, EvalEnv, ExperimentExtras } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import { checkPrerequisites, PREREQUISITES_PASS } from "./prerequisites.js";
import { STICKY_BLOCKED, STICKY_NONE } from "./sticky-buckets.js";
import { failingFilter, inCompiledNamespace } from "./unit-hash.js";

function settle(
  out: Assignment,
  experiment: CompiledExperiment,
  variation: unknown,
  hashUsed: boolean,
  bucket: number,
  stickyBucketUsed: boolean,
): boolean {
  const valid =
    typeof variation === "number" &&
    Number.isInteger(variation) &&
    variation >= 0 &&
    variation < experiment.variations.length;
  out.variation = valid ? variation : 0;
  out.inExperiment = valid;
  out.hashUsed = hashUsed;
  out.bucket = bucket;
  out.stickyBucketUsed = stickyBucketUsed;
  return valid;
}

/** The unit an experiment hashes: the hash attribute, else (sticky bucketing on) the fallback attribute. */
export function experimentUnit(experiment: CompiledExperiment, attributes: Attributes, sticky: boolean): unknown {
  const unit = attributes[experiment.hashAttribute];
  if (unit || !sticky || experiment.fallbackAttribute === undefined) return unit;
  return attributes[experiment.fallbackAttribute];
}

/**
 * Runs an experiment for one unit in GrowthBook's order (overrides, eligibility, sticky bucket, hash, QA mode) and
 * writes the outcome into `out`; returns whether the unit is in the experiment. Writes `out` only at the end, as
 * prerequisites may run experiments themselves.
 */
export function assignVariation(
  experiment: CompiledExperiment,
  plan: ExperimentPlan,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
  out: Assignment,
): boolean {
  const count = experiment.variations.length;
  if (count < 2 || context.enabled === false) return settle(out, experiment, -1, false, -1, false);
  const extras = env.extras;
  // Without extras (the lean evaluator) `evaluate` has dropped `url` and `stickyBuckets` from the context.
  if (context.url && extras !== undefined) {
    const fromQuery = extras.queryOverride(experiment.key, context.url, count);
    if (fromQuery !== null) return settle(out, experiment, fromQuery, false, -1, false);
  }
  const forced = context.forcedVariations;
  if (forced !== undefined && Object.hasOwn(forced, experiment.key)) {
    return settle(out, experiment, forced[experiment.key], false, -1, false);
  }
  if (experiment.inactive) return settle(out, experiment, -1, false, -1, false);
  const store = experiment.stickyAllowed && extras !== undefined ? context.stickyBuckets : undefined;
  const unit = experimentUnit(experiment, attributes, store !== undefined);
  if (!unit) return settle(out, experiment, -1, false, -1, false);
  const sticky =
    store === undefined ? STICKY_NONE : (extras as ExperimentExtras).lookupSticky(experiment, attributes, store);
  const found = sticky >= 0;
  if (!found && !isEligible(experiment, context, attributes, env, unit)) {
    return settle(out, experiment, -1, false, -1, false);
  }
  const bucket = experiment.unitHash(unit);
  if (bucket < 0) return settle(out, experiment, -1, false, -1, false);
  const assigned = found ? sticky : chooseVariation(bucket, plan.ranges);
  if (sticky === STICKY_BLOCKED) return settle(out, experiment, -1, false, -1, true);
  if (assigned < 0) return settle(out, experiment, -1, false, -1, false);
  if (experiment.force !== undefined) return settle(out, experiment, experiment.force, false, -1, false);
  if (context.qaMode || experiment.stopped) return settle(out, experiment, -1, false, -1, false);
  if (store !== undefined) {
    const attribute = attributes[experiment.hashAttribute]
      ? experiment.hashAttribute
      : (experiment.fallbackAttribute as string);
    const key = `${experiment.key}__${experiment.bucketVersion}`;
    (extras as ExperimentExtras).saveSticky(store, attribute, unit, key, experiment.variationKeys[assigned] as string);
  }
  return settle(out, experiment, assigned, true, bucket, found);
}

/** Filters (or else the namespace), condition, prerequisites and groups: skipped for units with a sticky bucket. */
function isEligible(
  experiment: CompiledExperiment,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
  unit: unknown,
): boolean {
  if (experiment.filters !== undefined) {
    if (failingFilter(experiment.filters, attributes) >= 0) return false;
  } else if (experiment.namespace !== undefined && !inCompiledNamespace(experiment.namespace, unit)) {
    return false;
  }
  if (experiment.condition !== undefined && !experiment.condition(attributes)) return false;
  if (experiment.parents !== undefined) {
    if (checkPrerequisites(null, experiment.parents, context, env) !== PREREQUISITES_PASS) return false;
  }
  return !experiment.excludedByGroups;
}

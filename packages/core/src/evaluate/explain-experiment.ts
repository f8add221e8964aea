import { explainCondition } from "../condition/explain-condition.js";
import { getQueryStringOverride } from "../hash/get-query-string-override.js";
import type { Attributes } from "../payload/payload-types.js";
import { experimentUnit } from "./assign-variation.js";
import type { CompiledExperiment, ExperimentPlan } from "./compile-experiment.js";
import type { Assignment, EvalEnv } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import { explainFilters, explainPrerequisites } from "./explain-checks.js";
import { lookupStickyBucket, STICKY_BLOCKED, STICKY_NONE } from "./sticky-buckets.js";
import { inCompiledNamespace } from "./unit-hash.js";

/**
 * Says why an experiment put a unit where `out` says it did, walking GrowthBook's steps in order.
 * `out` is the authoritative outcome; this only finds the step that produced it.
 */
export function explainExperiment(
  experiment: CompiledExperiment,
  plan: ExperimentPlan,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
  out: Assignment,
): string {
  const variation = `variation ${experiment.variationKeys[out.variation]}`;
  const count = experiment.variations.length;
  if (count < 2) return "skipped: an experiment needs at least 2 variations";
  if (context.enabled === false) return "skipped: experiments are disabled for this context";
  if (!out.hashUsed && out.inExperiment) {
    const fromQuery = context.url ? getQueryStringOverride(experiment.key, context.url, count) : null;
    if (fromQuery !== null) return `${variation} forced by the URL query string`;
    if (experiment.force !== undefined) return `${variation} forced by the experiment`;
    return `${variation} forced by forcedVariations`;
  }
  const forced = context.forcedVariations;
  if (forced !== undefined && Object.hasOwn(forced, experiment.key)) {
    return `skipped: forced variation ${String(forced[experiment.key])} is not a valid index`;
  }
  if (experiment.inactive) return "skipped: the experiment is not active";
  const store = experiment.stickyAllowed ? context.stickyBuckets : undefined;
  const unit = experimentUnit(experiment, attributes, store !== undefined);
  if (!unit) return `skipped: hash attribute "${experiment.hashAttribute}" is missing`;
  const sticky = store === undefined ? STICKY_NONE : lookupStickyBucket(experiment, attributes, store);
  if (sticky === STICKY_BLOCKED) return "excluded: a sticky bucket from a blocked bucket version";
  if (sticky < 0) {
    const ineligible = explainEligibility(experiment, context, attributes, env, unit);
    if (ineligible !== undefined) return ineligible;
  }
  if (out.bucket < 0 && !out.inExperiment) {
    if (experiment.unitHash(unit) < 0) return `skipped: unknown hashVersion ${experiment.hashVersion}`;
    if (context.qaMode) return "skipped: QA mode";
    if (experiment.stopped) return "skipped: the experiment is stopped";
    return `excluded: bucket ${experiment.unitHash(unit)} outside the coverage ${JSON.stringify(plan.ranges)}`;
  }
  const how = out.stickyBucketUsed ? "sticky bucket" : `bucket ${out.bucket}`;
  if (experiment.passthrough[out.variation]) return `${variation} (${how}) is a passthrough: on to the next rule`;
  return `in experiment: ${variation} (${how})`;
}

function explainEligibility(
  experiment: CompiledExperiment,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
  unit: unknown,
): string | undefined {
  if (experiment.filters !== undefined) {
    const filtered = explainFilters(experiment.filters, attributes);
    if (filtered !== undefined) return filtered;
  } else if (experiment.namespace !== undefined && !inCompiledNamespace(experiment.namespace, unit)) {
    return "excluded: outside the experiment's namespace";
  }
  if (experiment.condition !== undefined && !experiment.condition(attributes)) {
    const source = experiment.sourceCondition ?? {};
    return `condition failed: ${explainCondition(source, attributes, env.savedGroups) ?? "the condition does not match"}`;
  }
  if (experiment.parents !== undefined) {
    const verdict = explainPrerequisites(null, experiment.parents, context, env);
    if (verdict !== undefined) return verdict.reason;
  }
  if (experiment.excludedByGroups) return "excluded: the experiment is limited to groups";
  return undefined;
}

import type { FeatureRule } from "../payload/payload-types.js";
import type { ExperimentDefinition } from "./evaluator-types.js";

/** The variations of an experiment rule: contextual-bandit rules carry them as `contextualVariations`. */
export function ruleVariations(rule: FeatureRule): readonly unknown[] | undefined {
  const contextual = rule["contextualVariations"];
  return Array.isArray(contextual) ? contextual : rule.variations;
}

/**
 * The experiment GrowthBook derives from a feature's experiment rule, field by field (only fields that are set),
 * because feature results report it as is.
 */
export function ruleExperiment(
  rule: FeatureRule,
  featureKey: string,
  variations: readonly unknown[],
): ExperimentDefinition {
  const experiment: ExperimentDefinition = { variations, key: rule.key || featureKey };
  if (rule.coverage !== undefined) experiment.coverage = rule.coverage;
  if (rule.weights) experiment.weights = rule.weights;
  if (rule.hashAttribute) experiment.hashAttribute = rule.hashAttribute;
  if (rule.fallbackAttribute) experiment.fallbackAttribute = rule.fallbackAttribute;
  if (rule.disableStickyBucketing) experiment.disableStickyBucketing = rule.disableStickyBucketing;
  if (rule.bucketVersion !== undefined) experiment.bucketVersion = rule.bucketVersion;
  if (rule.minBucketVersion !== undefined) experiment.minBucketVersion = rule.minBucketVersion;
  if (rule.namespace) experiment.namespace = rule.namespace;
  if (rule.meta) experiment.meta = rule.meta;
  if (rule.ranges) experiment.ranges = rule.ranges;
  if (rule.name) experiment["name"] = rule.name;
  if (rule.phase) experiment["phase"] = rule.phase;
  if (rule.seed) experiment.seed = rule.seed;
  if (rule.hashVersion) experiment.hashVersion = rule.hashVersion;
  if (rule.filters) experiment.filters = rule.filters;
  if (rule.condition) experiment.condition = rule.condition;
  return experiment;
}

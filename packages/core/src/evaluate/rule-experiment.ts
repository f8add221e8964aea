import type { FeatureRule } from "../payload/payload-types.js";
import type { ExperimentDefinition } from "./evaluator-types.js";

/** The variations of an experiment rule: contextual-bandit rules carry them as `contextualVariations`. */
export function ruleVariations(rule: FeatureRule): readonly unknown[] | undefined {
  const contextual = rule["contextualVariations"];
  return Array.isArray(contextual) ? contextual : rule.variations;
}

// The rule fields an experiment takes over, in GrowthBook's order; `?` marks those copied whenever they are set
// (a 0 coverage or version counts), the others only when truthy.
const COPIED = [
  "coverage?",
  "weights",
  "hashAttribute",
  "fallbackAttribute",
  "disableStickyBucketing",
  "bucketVersion?",
  "minBucketVersion?",
  "namespace",
  "meta",
  "ranges",
  "name",
  "phase",
  "seed",
  "hashVersion",
  "filters",
  "condition",
];

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
  for (const entry of COPIED) {
    const field = entry.replace("?", "");
    const value = rule[field];
    if (field === entry ? value : value !== undefined) experiment[field] = value;
  }
  return experiment;
}

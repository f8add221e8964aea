import type { FeatureRule } from "../payload/payload-types.js";
import type { Variation } from "./flag-set-schema.js";
import { DEFAULT_HASH_VERSION } from "./model-defaults.js";
import type { ResolvedRule } from "./normalize-flag-set.js";

/** Who the rule applies to, already compiled. */
export interface RuleTargeting {
  condition?: FeatureRule["condition"];
  parentConditions?: FeatureRule["parentConditions"];
}

/**
 * Compiles one rule (defaults filled) to a GrowthBook payload rule whose `id` is the rule id.
 * A percentage becomes `coverage` on a force rule: GrowthBook then includes a unit when
 * `hash(seed, unit, hashVersion) <= coverage`, so with a fixed seed a unit that is in stays in as it grows.
 */
export function compileRule(
  rule: ResolvedRule,
  variations: readonly Variation[],
  targeting: RuleTargeting,
): FeatureRule {
  const head: FeatureRule = { id: rule.id };
  if (targeting.condition) head.condition = targeting.condition;
  if (targeting.parentConditions) head.parentConditions = targeting.parentConditions;
  const valueByKey = (key: string) => {
    const variation = variations.find((candidate) => candidate.key === key);
    if (!variation) throw new Error(`compileFlagSet: unknown variation "${key}" (validate the flag set first)`);
    return variation.value;
  };
  switch (rule.kind) {
    case "force":
      if (rule.percent === undefined) return { ...head, force: valueByKey(rule.serve) };
      return percentRule(head, valueByKey(rule.serve), rule.percent, rule.hashAttribute, rule.seed);
    case "ramp":
      return percentRule(head, valueByKey(rule.serve), rule.percent, rule.hashAttribute, rule.seed);
    case "experiment": {
      const compiled: FeatureRule = {
        ...head,
        key: rule.key,
        variations: rule.variations.map(valueByKey),
        weights: [...rule.weights],
        hashAttribute: rule.hashAttribute,
      };
      if (rule.fallbackAttribute !== undefined) compiled.fallbackAttribute = rule.fallbackAttribute;
      compiled.seed = rule.seed;
      compiled.coverage = rule.coverage;
      if (rule.namespace) compiled.namespace = [rule.namespace.id, rule.namespace.range[0], rule.namespace.range[1]];
      compiled.hashVersion = rule.hashVersion;
      compiled.meta = rule.variations.map((key) => ({ key }));
      return compiled;
    }
  }
}

function percentRule(
  head: FeatureRule,
  force: unknown,
  percent: number,
  hashAttribute: string | undefined,
  seed: string | undefined,
): FeatureRule {
  const rule: FeatureRule = { ...head, force, coverage: percent / 100 };
  if (hashAttribute !== undefined) rule.hashAttribute = hashAttribute;
  if (seed !== undefined) rule.seed = seed;
  // Without it GrowthBook SDKs hash percentages with version 1; writing it keeps every SDK bucketing alike.
  rule.hashVersion = DEFAULT_HASH_VERSION;
  return rule;
}

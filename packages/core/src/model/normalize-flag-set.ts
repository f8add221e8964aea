import type { ExperimentMeta, Flag, FlagEnvironment, FlagSet, Variation } from "./flag-set-schema.js";
import type { Metric } from "./metric-schema.js";
import { BOOLEAN_VARIATIONS, DEFAULT_HASH_ATTRIBUTE, DEFAULT_HASH_VERSION, equalWeights } from "./model-defaults.js";
import type { ExperimentRule, ForceRule, RampRule, Rule } from "./rule-schema.js";

/** A ramp rule with its hashing fields filled. */
export type ResolvedRampRule = RampRule & Required<Pick<RampRule, "hashAttribute" | "seed">>;
/** An experiment rule with every default filled. */
export type ResolvedExperimentRule = ExperimentRule &
  Required<Pick<ExperimentRule, "weights" | "hashAttribute" | "seed" | "coverage" | "hashVersion">>;
/** A rule with its defaults filled (a force rule gets hashing fields only when it has a `percent`). */
export type ResolvedRule = ForceRule | ResolvedRampRule | ResolvedExperimentRule;
/** A flag environment with `enabled` and `rules` filled. */
export type ResolvedFlagEnvironment = Omit<FlagEnvironment, "enabled" | "rules"> & {
  enabled: boolean;
  rules: ResolvedRule[];
};

/** The variations of a flag, with the boolean defaults (`off: false`, `on: true`) when a boolean flag has none. */
export function resolveVariations(flag: Flag): Variation[] {
  if (flag.variations) return flag.variations;
  return flag.type === "boolean" ? BOOLEAN_VARIATIONS.map((variation) => ({ ...variation })) : [];
}

/**
 * Fills a rule's defaults. Percentages hash with the flag key as seed (as GrowthBook does), so a unit keeps
 * its place while the percentage grows; experiments hash with their experiment key.
 */
export function resolveRule(flagKey: string, rule: Rule): ResolvedRule {
  switch (rule.kind) {
    case "force":
      if (rule.percent === undefined) return { ...rule };
      return { ...rule, hashAttribute: rule.hashAttribute ?? DEFAULT_HASH_ATTRIBUTE, seed: rule.seed ?? flagKey };
    case "ramp":
      return { ...rule, hashAttribute: rule.hashAttribute ?? DEFAULT_HASH_ATTRIBUTE, seed: rule.seed ?? flagKey };
    case "experiment":
      return {
        ...rule,
        weights: rule.weights ?? equalWeights(rule.variations.length),
        hashAttribute: rule.hashAttribute ?? DEFAULT_HASH_ATTRIBUTE,
        seed: rule.seed ?? rule.key,
        coverage: rule.coverage ?? 1,
        hashVersion: rule.hashVersion ?? DEFAULT_HASH_VERSION,
      };
  }
}

/** Fills an environment's defaults: enabled unless killed, no rules unless listed. */
export function resolveEnvironment(flagKey: string, environment: FlagEnvironment): ResolvedFlagEnvironment {
  return {
    ...environment,
    enabled: environment.enabled ?? true,
    rules: (environment.rules ?? []).map((rule) => resolveRule(flagKey, rule)),
  };
}

/** Fills every default of a flag. */
export function normalizeFlag(flagKey: string, flag: Flag): Flag {
  const environments: Record<string, FlagEnvironment> = {};
  for (const [name, environment] of Object.entries(flag.environments ?? {})) {
    environments[name] = resolveEnvironment(flagKey, environment);
  }
  return {
    ...flag,
    tags: [...(flag.tags ?? [])],
    variations: resolveVariations(flag),
    clientVisible: flag.clientVisible ?? false,
    environments,
  };
}

function normalizeExperiment(experiment: ExperimentMeta): ExperimentMeta {
  return {
    ...experiment,
    metrics: [...(experiment.metrics ?? [])],
    secondaryMetrics: [...(experiment.secondaryMetrics ?? [])],
    guardrails: [...(experiment.guardrails ?? [])],
  };
}

function normalizeMetric(metric: Metric): Metric {
  return { ...metric, direction: metric.direction ?? "higher" };
}

/** Fills every default of a flag set, returning a new value. */
export function normalizeFlagSet(flagSet: FlagSet): FlagSet {
  const flags: FlagSet["flags"] = {};
  for (const [key, flag] of Object.entries(flagSet.flags)) flags[key] = normalizeFlag(key, flag);
  const experiments: NonNullable<FlagSet["experiments"]> = {};
  for (const [key, experiment] of Object.entries(flagSet.experiments ?? {})) {
    experiments[key] = normalizeExperiment(experiment);
  }
  const metrics: NonNullable<FlagSet["metrics"]> = {};
  for (const [key, metric] of Object.entries(flagSet.metrics ?? {})) metrics[key] = normalizeMetric(metric);
  return { ...flagSet, segments: { ...(flagSet.segments ?? {}) }, flags, experiments, metrics };
}

import type { FeatureRule } from "../payload/payload-types.js";

/** Where a value came from, as GrowthBook names it (`source` in GrowthBook's feature result). */
export type FeatureSource =
  | "unknownFeature"
  | "defaultValue"
  | "force"
  | "override"
  | "experiment"
  | "prerequisite"
  | "cyclicPrerequisite";

/** OpenFeature's resolution reasons, so the OpenFeature provider maps a result 1:1. */
export type EvaluationReason = "STATIC" | "DEFAULT" | "TARGETING_MATCH" | "SPLIT" | "DISABLED" | "ERROR";

/** OpenFeature's error codes. */
export type EvaluationErrorCode = "FLAG_NOT_FOUND" | "TYPE_MISMATCH" | "PARSE_ERROR" | "GENERAL";

/** An experiment as GrowthBook's `experiment` field of a feature result describes it. */
export interface Experiment {
  key: string;
  variations: unknown[];
  [field: string]: unknown;
}

/** GrowthBook's experiment result (`experimentResult`). */
export interface ExperimentResult {
  inExperiment: boolean;
  variationId: number;
  value: unknown;
  hashUsed: boolean;
  hashAttribute: string;
  /** The raw attribute value, as GrowthBook reports it (a number stays a number; `""` when missing). */
  hashValue: unknown;
  featureId: string | null;
  key: string;
  bucket?: number;
  name?: string;
  passthrough?: boolean;
  stickyBucketUsed?: boolean;
  /** Contextual bandits: the leaf that routed this unit (`-1` for the fallback leaf). */
  leafId?: number;
  variationWeights?: number[];
  banditVersion?: number;
  [field: string]: unknown;
}

/**
 * The result of evaluating one flag for one context: GrowthBook's feature result plus the OpenFeature fields.
 * Results that do not depend on the context (defaults, unconditional forces) may be shared, frozen objects:
 * treat every result as read-only.
 */
export interface FeatureResult<T = unknown> {
  value: T;
  on: boolean;
  off: boolean;
  source: FeatureSource;
  /** Id of the rule that produced the value; `""` when no rule matched. */
  ruleId: string;
  experiment?: Experiment;
  experimentResult?: ExperimentResult;
  reason: EvaluationReason;
  errorCode?: EvaluationErrorCode;
  /** Index of the served variation when known (experiments; forces and defaults of payloads compiled from the model). */
  variationId: number | null;
  /** Key of the served variation when known. */
  variationKey: string | null;
  inExperiment: boolean;
  /** The hash attribute's value that bucketed this unit, when a hash was used. */
  hashValue?: string;
}

/** Why one rule did or did not decide the result; the answer to "why did this user get this value?". */
export interface RuleTrace {
  index: number;
  id: string;
  /** `ramp`: a forced value for a percentage of the matching units (the flag model's word; GrowthBook's "rollout"). */
  kind: "force" | "ramp" | "experiment" | "unsupported";
  matched: boolean;
  /** A sentence a person can read, e.g. `condition failed: country must equal "jp" (got "us")`. */
  reason: string;
  rule: FeatureRule;
  bucket?: number;
  coverage?: number;
  hashAttribute?: string;
  hashValue?: string;
}

/** The answer of `Evaluator.explain`: the result of `evaluate` and a trace of every rule. */
export interface Explanation {
  result: FeatureResult;
  rules: RuleTrace[];
}

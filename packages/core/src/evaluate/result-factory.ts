import { deepEqualJson } from "./deep-equal-json.js";
import type {
  EvaluationErrorCode,
  EvaluationReason,
  Experiment,
  ExperimentResult,
  FeatureResult,
  FeatureSource,
} from "./feature-result.js";

/** A Switchboard variation of a flag: its key and value (a payload extension GrowthBook SDKs ignore). */
export interface FlagVariation {
  key: string;
  value: unknown;
}

/** The variation whose value deep-equals `value`, found once at compile time. */
export function findVariation(
  variations: readonly FlagVariation[] | undefined,
  value: unknown,
): { id: number | null; key: string | null } {
  if (variations !== undefined) {
    for (let i = 0; i < variations.length; i++) {
      const variation = variations[i] as FlagVariation;
      if (deepEqualJson(variation.value, value)) return { id: i, key: variation.key };
    }
  }
  return { id: null, key: null };
}

/** A result that does not depend on the context: built once, frozen, returned as is by every evaluation. */
export function staticResult(
  value: unknown,
  source: FeatureSource,
  ruleId: string,
  reason: EvaluationReason,
  variations?: readonly FlagVariation[],
  errorCode?: EvaluationErrorCode,
): FeatureResult {
  const variation = findVariation(variations, value);
  return Object.freeze(plainResult(value, source, reason, variation.key, errorCode, ruleId, variation.id));
}

/**
 * A result that no rule produced: a forced value, a default served on an error. Shared with the SDK, which builds
 * the same results for its own overrides and failures.
 */
export function plainResult(
  value: unknown,
  source: FeatureSource,
  reason: EvaluationReason,
  variationKey: string | null = null,
  errorCode?: EvaluationErrorCode,
  ruleId = "",
  variationId: number | null = null,
): FeatureResult {
  const result: FeatureResult = {
    value,
    on: !!value,
    off: !value,
    source,
    ruleId,
    reason,
    variationId,
    variationKey,
    inExperiment: false,
  };
  if (errorCode !== undefined) result.errorCode = errorCode;
  return result;
}

/** The shared answer for a flag key the payload does not define. */
export const UNKNOWN_FEATURE_RESULT = staticResult(null, "unknownFeature", "", "ERROR", undefined, "FLAG_NOT_FOUND");

/** The shared answer when a prerequisite chain loops back on itself. */
export const CYCLIC_RESULT = staticResult(null, "cyclicPrerequisite", "", "ERROR", undefined, "GENERAL");

/** A value forced by the context (`forcedFeatureValues`) or, with its variation key, by an SDK override. */
export function overrideResult(value: unknown, variationKey: string | null = null): FeatureResult {
  return plainResult(value, "override", "STATIC", variationKey);
}

/** The result of a flag served by an experiment rule. */
export function experimentFeatureResult(
  ruleId: string,
  experiment: Experiment,
  experimentResult: ExperimentResult,
  hashValue: string,
): FeatureResult {
  const value = experimentResult.value;
  return {
    value,
    on: !!value,
    off: !value,
    source: "experiment",
    ruleId,
    experiment,
    experimentResult,
    reason: "SPLIT",
    variationId: experimentResult.variationId,
    variationKey: experimentResult.key,
    inExperiment: true,
    hashValue,
  };
}

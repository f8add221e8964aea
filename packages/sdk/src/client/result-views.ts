import type { FeatureResult } from "@switchboard/core";
import type { VariationDetail } from "./client-types.js";

/**
 * The result `value()` serves: the default on an error, and on a value whose type differs from the default's
 * (reason `ERROR`, code `TYPE_MISMATCH`); a `null` default accepts any value.
 */
export function typedResult<T>(result: FeatureResult, defaultValue: T): FeatureResult<T> {
  if (result.reason === "ERROR") return { ...result, value: defaultValue };
  if (defaultValue === null || defaultValue === undefined) return result as FeatureResult<T>;
  if (typeOf(result.value) === typeOf(defaultValue)) return result as FeatureResult<T>;
  return { ...result, value: defaultValue, reason: "ERROR", errorCode: "TYPE_MISMATCH" };
}

// Arrays and null are "object" to typeof; keep them apart so `value(key, [])` never serves a JSON object.
function typeOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** The `variation()` view of a result. */
export function detailOf<T>(result: FeatureResult): VariationDetail<T> {
  const detail: VariationDetail<T> = {
    value: result.value as T,
    variation: result.variationKey,
    reason: result.reason,
    ruleId: result.ruleId,
    inExperiment: result.inExperiment,
  };
  if (result.errorCode !== undefined) detail.errorCode = result.errorCode;
  return detail;
}

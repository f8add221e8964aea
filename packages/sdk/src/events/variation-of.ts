import type { FeatureResult } from "@switchboard/core";

/** The name of what a result served: its variation key, else its index, else a scalar value as text; undefined for errors and unknown flags. */
export function variationOf(result: FeatureResult): string | undefined {
  if (result.errorCode !== undefined || result.source === "unknownFeature") return undefined;
  if (result.variationKey !== null) return result.variationKey;
  if (result.variationId !== null) return String(result.variationId);
  const value = result.value;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

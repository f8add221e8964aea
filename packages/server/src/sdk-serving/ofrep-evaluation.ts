import type { Attributes, Evaluator, FeatureResult } from "@switchboard/core";

/** An OFREP evaluation result (success or failure) as the protocol's JSON shape. */
export type OfrepResult =
  | {
      key: string;
      value: unknown;
      reason: string;
      variant?: string;
      metadata: Record<string, string | number | boolean>;
    }
  | { key: string; errorCode: OfrepErrorCode; errorDetails: string };

/** OFREP's error codes (OpenFeature's error codes that a remote evaluation can produce). */
export type OfrepErrorCode = "FLAG_NOT_FOUND" | "PARSE_ERROR" | "INVALID_CONTEXT" | "TARGETING_KEY_MISSING" | "GENERAL";

/**
 * Reads an OFREP request body into evaluation attributes: `context` must be an object when present; its
 * `targetingKey` is the unit id (`id`) unless the context names an `id` itself. A string on failure.
 */
export function ofrepAttributes(body: unknown): Attributes | string {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) return "the request body must be a JSON object";
  const context = (body as { context?: unknown }).context;
  if (context === undefined || context === null) return {};
  if (typeof context !== "object" || Array.isArray(context)) return "`context` must be a JSON object";
  const attributes: Attributes = { ...(context as Attributes) };
  const targetingKey = attributes["targetingKey"];
  if (attributes["id"] === undefined && (typeof targetingKey === "string" || typeof targetingKey === "number")) {
    attributes["id"] = targetingKey;
  }
  return attributes;
}

/** Evaluates one flag into its OFREP result; never throws. */
export function evaluateOfrep(evaluator: Evaluator, key: string, attributes: Attributes): OfrepResult {
  const result: FeatureResult = evaluator.evaluate(key, { attributes });
  if (result.source === "unknownFeature") {
    return { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `flag "${key}" was not found` };
  }
  if (result.reason === "ERROR") {
    const errorCode = result.errorCode === "PARSE_ERROR" ? "PARSE_ERROR" : "GENERAL";
    return { key, errorCode, errorDetails: `flag "${key}" could not be evaluated` };
  }
  const metadata: Record<string, string | number | boolean> = {};
  if (result.ruleId !== "") metadata["ruleId"] = result.ruleId;
  if (result.inExperiment && result.experiment) metadata["experimentKey"] = result.experiment.key;
  return {
    key,
    value: result.value,
    reason: result.reason,
    ...(result.variationKey === null ? {} : { variant: result.variationKey }),
    metadata,
  };
}

/** True for results that are failures in the protocol's sense. */
export function isOfrepFailure(result: OfrepResult): result is Extract<OfrepResult, { errorCode: OfrepErrorCode }> {
  return "errorCode" in result;
}

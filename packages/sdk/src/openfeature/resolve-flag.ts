import type {
  ErrorCode,
  FlagMetadata,
  FlagValue,
  FlagValueType,
  ResolutionDetails,
  ResolutionReason,
} from "@openfeature/core";
import type { FeatureResult } from "@switchboard/core";
import type { Context, SwitchboardClient } from "../client/client-types.js";

/** Whether a flag's value can be served where OpenFeature asked for `type`. */
export function matchesType(value: unknown, type: FlagValueType): boolean {
  if (type === "object") return value !== null && typeof value === "object";
  return typeof value === type;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function errorDetails<T>(defaultValue: T, code: string, message: string, result?: FeatureResult): ResolutionDetails<T> {
  const details: ResolutionDetails<T> = {
    value: defaultValue,
    reason: "ERROR",
    errorCode: code as ErrorCode,
    errorMessage: message,
  };
  if (result !== undefined) details.flagMetadata = metadataOf(result);
  return details;
}

/** Flag metadata: the deciding rule and whether the unit is in an experiment; empty when no rule decided. */
export function metadataOf(result: FeatureResult): FlagMetadata {
  if (result.ruleId === "") return {};
  const metadata: FlagMetadata = { ruleId: result.ruleId, inExperiment: result.inExperiment };
  if (result.inExperiment && result.experiment !== undefined) metadata["experimentKey"] = result.experiment.key;
  return metadata;
}

function messageOf(flagKey: string, result: FeatureResult): string {
  switch (result.errorCode) {
    case "FLAG_NOT_FOUND":
      return `flag "${flagKey}" is not in the payload`;
    case "TYPE_MISMATCH":
      return `flag "${flagKey}" has a value of another type`;
    case "PARSE_ERROR":
      return `flag "${flagKey}" could not be parsed`;
    default:
      return `flag "${flagKey}" could not be evaluated`;
  }
}

/**
 * Evaluates one flag through the client and maps the result 1:1 onto OpenFeature's resolution details; never throws.
 * A value of another type than `type` is served as `defaultValue` with `TYPE_MISMATCH`.
 */
export function resolveFlag<T extends FlagValue>(
  client: SwitchboardClient,
  flagKey: string,
  type: FlagValueType,
  defaultValue: T,
  context: Context,
  disabledValue: "fallback" | "flag",
): ResolutionDetails<T> {
  let result: FeatureResult;
  try {
    result = client.evaluate(flagKey, context);
  } catch (error) {
    return errorDetails(defaultValue, "GENERAL", `flag "${flagKey}" could not be evaluated: ${String(error)}`);
  }
  if (result.reason === "ERROR") {
    return errorDetails(defaultValue, result.errorCode ?? "GENERAL", messageOf(flagKey, result), result);
  }
  if (result.reason === "DISABLED" && disabledValue === "fallback") {
    return { value: defaultValue, reason: "DISABLED", flagMetadata: metadataOf(result) };
  }
  if (!matchesType(result.value, type)) {
    const message = `flag "${flagKey}" is a ${describeType(result.value)}, not a ${type}`;
    return errorDetails(defaultValue, "TYPE_MISMATCH", message, result);
  }
  const details: ResolutionDetails<T> = {
    value: result.value as T,
    reason: result.reason satisfies ResolutionReason,
    flagMetadata: metadataOf(result),
  };
  if (result.variationKey !== null) details.variant = result.variationKey;
  return details;
}

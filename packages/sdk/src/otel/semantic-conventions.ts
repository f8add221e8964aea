/**
 * OpenTelemetry's names for feature-flag evaluations (semantic conventions, feature-flag registry, release candidate):
 * https://opentelemetry.io/docs/specs/semconv/registry/attributes/feature-flag/ and the `feature_flag.evaluation` event.
 */
export const FEATURE_FLAG = {
  EVENT: "feature_flag.evaluation",
  KEY: "feature_flag.key",
  PROVIDER_NAME: "feature_flag.provider.name",
  RESULT_VARIANT: "feature_flag.result.variant",
  RESULT_VALUE: "feature_flag.result.value",
  RESULT_REASON: "feature_flag.result.reason",
  CONTEXT_ID: "feature_flag.context.id",
  SET_ID: "feature_flag.set.id",
  ERROR_TYPE: "error.type",
  ERROR_MESSAGE: "feature_flag.error.message",
} as const;

/** Switchboard's own attributes on the same event, outside OpenTelemetry's namespace. */
export const SWITCHBOARD_ATTRIBUTES = {
  RULE_ID: "switchboard.rule_id",
  IN_EXPERIMENT: "switchboard.in_experiment",
} as const;

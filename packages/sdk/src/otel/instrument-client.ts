import { type Attributes, type AttributeValue, trace } from "@opentelemetry/api";
import type { EvaluationRecord, SwitchboardClient } from "../client/client-types.js";
import { FEATURE_FLAG, SWITCHBOARD_ATTRIBUTES } from "./semantic-conventions.js";

/** The part of `@opentelemetry/api` instrumentation uses. */
export interface TraceApi {
  trace: {
    getActiveSpan(): { isRecording(): boolean; addEvent(name: string, attributes?: Attributes): unknown } | undefined;
  };
}

/** Options of `instrumentClient`. */
export interface InstrumentOptions {
  /** The OpenTelemetry API to use; default the `@opentelemetry/api` this package resolves. */
  api?: TraceApi;
  /** `feature_flag.provider.name`; default `switchboard`. */
  providerName?: string;
  /** `feature_flag.set.id`, e.g. the environment; default the client's `environment` option. */
  setId?: string;
  /** The context attribute reported as `feature_flag.context.id`; default `id`. */
  contextIdAttribute?: string;
  /** Also record values when a variant names them (values may be large or sensitive); default `false`. */
  includeValue?: boolean;
  /** Longest recorded value, in characters, after JSON encoding of objects; default 256. */
  maxValueLength?: number;
}

const DEFAULT_API: TraceApi = { trace };

function valueAttribute(value: unknown, maxLength: number): AttributeValue | undefined {
  if (typeof value === "boolean" || typeof value === "number") return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

/** The attributes of one `feature_flag.evaluation` event. */
export function evaluationAttributes(record: EvaluationRecord, options: InstrumentOptions = {}): Attributes {
  const { result, flagKey, context } = record;
  const attributes: Attributes = {
    [FEATURE_FLAG.KEY]: flagKey,
    [FEATURE_FLAG.PROVIDER_NAME]: options.providerName ?? "switchboard",
    [FEATURE_FLAG.RESULT_REASON]: result.reason.toLowerCase(),
  };
  if (result.variationKey !== null) attributes[FEATURE_FLAG.RESULT_VARIANT] = result.variationKey;
  // The conventions ask for the value when no variant names it.
  if (result.variationKey === null || options.includeValue === true) {
    const value = valueAttribute(result.value, options.maxValueLength ?? 256);
    if (value !== undefined) attributes[FEATURE_FLAG.RESULT_VALUE] = value;
  }
  if (result.errorCode !== undefined) attributes[FEATURE_FLAG.ERROR_TYPE] = result.errorCode.toLowerCase();
  const contextId = context[options.contextIdAttribute ?? "id"];
  if (typeof contextId === "string" || typeof contextId === "number")
    attributes[FEATURE_FLAG.CONTEXT_ID] = String(contextId);
  if (options.setId !== undefined) attributes[FEATURE_FLAG.SET_ID] = options.setId;
  if (result.ruleId !== "") {
    attributes[SWITCHBOARD_ATTRIBUTES.RULE_ID] = result.ruleId;
    attributes[SWITCHBOARD_ATTRIBUTES.IN_EXPERIMENT] = result.inExperiment;
  }
  return attributes;
}

/**
 * Records every evaluation of `client` as a `feature_flag.evaluation` event on the active span, when one is recording;
 * returns the function that stops it. Without a registered tracer it costs one lookup per evaluation and never throws.
 * @example const stop = instrumentClient(client, { setId: "production" })
 */
export function instrumentClient(client: SwitchboardClient, options: InstrumentOptions = {}): () => void {
  const api = options.api ?? DEFAULT_API;
  const resolved: InstrumentOptions = { ...options };
  const environment = client.options.environment;
  if (resolved.setId === undefined && environment !== undefined) resolved.setId = environment;
  return client.addEvaluationListener((record) => {
    try {
      const span = api.trace.getActiveSpan();
      if (span === undefined || !span.isRecording()) return;
      span.addEvent(FEATURE_FLAG.EVENT, evaluationAttributes(record, resolved));
    } catch {
      // Telemetry must never break an evaluation.
    }
  });
}

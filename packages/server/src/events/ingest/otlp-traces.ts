import type { EventMessage, WideEvent } from "@switchboard/core";
import { AppError } from "../../errors/app-error.js";
import { attributesOf, flagAssignment, nanosToMs, type OtlpKeyValue } from "./otlp-values.js";

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: { timeUnixNano?: string | number; name?: string; attributes?: OtlpKeyValue[] }[];
  status?: { code?: number | string; message?: string };
}

interface OtlpTraces {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const STATUS_NAMES: Readonly<Record<string, string>> = {
  "1": "ok",
  "2": "error",
  STATUS_CODE_OK: "ok",
  STATUS_CODE_ERROR: "error",
};

/**
 * Maps an OTLP/JSON trace export to wide events, one per span: name, start, duration, status (HTTP status when the
 * span has one), resource and span attributes as `fields`, `feature_flag` span events and attributes as
 * assignments, other span events as messages. `service.version` becomes the release, `enduser.id` the unit.
 */
export function eventsFromOtlpTraces(body: unknown): unknown[] {
  const traces = body as OtlpTraces;
  if (typeof body !== "object" || body === null || !Array.isArray(traces.resourceSpans)) {
    throw new AppError("BAD_REQUEST", "An OTLP trace export needs `resourceSpans` (an array).");
  }
  const events: unknown[] = [];
  for (const resourceSpans of traces.resourceSpans) {
    const resource = prefixed(attributesOf(resourceSpans?.resource?.attributes), "resource.");
    for (const scope of resourceSpans?.scopeSpans ?? []) {
      for (const span of scope?.spans ?? []) events.push(eventOfSpan(span, resource));
    }
  }
  return events;
}

function eventOfSpan(span: OtlpSpan, resource: Record<string, unknown>): unknown {
  const startMs = nanosToMs(span.startTimeUnixNano);
  const attributes = attributesOf(span.attributes);
  const assignments: Record<string, string> = {};
  const messages: EventMessage[] = [];
  const own = flagAssignment(attributes);
  if (own) assignments[own[0]] = own[1];
  for (const spanEvent of span.events ?? []) {
    const eventAttributes = attributesOf(spanEvent?.attributes);
    const assignment = spanEvent?.name?.startsWith("feature_flag") ? flagAssignment(eventAttributes) : undefined;
    if (assignment) assignments[assignment[0]] = assignment[1];
    else
      messages.push({
        atMs: Math.max(0, nanosToMs(spanEvent?.timeUnixNano) - startMs) || 0,
        text: String(spanEvent?.name ?? ""),
      });
  }
  const httpStatus = attributes["http.response.status_code"] ?? attributes["http.status_code"];
  const statusName = STATUS_NAMES[String(span.status?.code ?? "")];
  const event: Partial<WideEvent> & Record<string, unknown> = {
    type: "event",
    id: `${span.traceId ?? ""}-${span.spanId ?? ""}`,
    ts: Number.isFinite(startMs) ? new Date(startMs).toISOString() : "",
    name: span.name ?? "span",
    durationMs: Math.max(0, nanosToMs(span.endTimeUnixNano) - startMs),
    fields: {
      ...resource,
      ...attributes,
      trace_id: span.traceId,
      span_id: span.spanId,
      parent_span_id: span.parentSpanId,
    },
  };
  if (typeof httpStatus === "number") event.status = httpStatus;
  else if (statusName !== undefined) event.status = statusName;
  setIfString(event, "release", resource["resource.service.version"]);
  setIfString(event, "unit", attributes["enduser.id"]);
  if (Object.keys(assignments).length > 0) event.assignments = assignments;
  if (messages.length > 0) event.messages = messages;
  if (!Number.isFinite(event.durationMs)) delete event.durationMs;
  return event;
}

/** Resource attributes under a prefix, so `service.name` of the resource and of a span never collide. */
export function prefixed(attributes: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key in attributes) record[prefix + key] = attributes[key];
  return record;
}

/** Sets `key` when `value` is a non-empty string. */
export function setIfString(target: Record<string, unknown>, key: string, value: unknown): void {
  if (typeof value === "string" && value !== "") target[key] = value;
}

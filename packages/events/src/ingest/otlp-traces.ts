import type { EventMessage, WideEvent } from "@switchboard/core";
import { mapOtlpExport, type OtlpMapping } from "./otlp-mapping.js";
import type { OtlpObject, OtlpReader, TimeWindow } from "./otlp-reader.js";
import { flagAssignment, readAttributes } from "./otlp-values.js";

const STATUS_NAMES: Readonly<Record<string, string>> = {
  "1": "ok",
  "2": "error",
  STATUS_CODE_OK: "ok",
  STATUS_CODE_ERROR: "error",
};

interface SpanExtras {
  assignments: Record<string, string>;
  messages: EventMessage[];
}

/**
 * Maps an OTLP/JSON trace export to wide events, one per span: name, start, duration, status (HTTP status when the
 * span has one), resource and span attributes as `fields`, `feature_flag` span events and attributes as
 * assignments, other span events as messages. `service.version` becomes the release, `enduser.id` the unit.
 * A span with a wrong type or a time outside `window` is refused (see `mapOtlpExport`).
 */
export function eventsFromOtlpTraces(body: unknown, window: TimeWindow): OtlpMapping {
  return mapOtlpExport(body, {
    label: "trace",
    resources: "resourceSpans",
    scopes: "scopeSpans",
    items: "spans",
    mapItem: (reader, span, path, resource) => eventOfSpan(reader, span, path, resource, window),
  });
}

function eventOfSpan(
  reader: OtlpReader,
  span: OtlpObject,
  path: string,
  resource: Record<string, unknown>,
  window: TimeWindow,
): unknown {
  const startNanos = reader.unixNanos(span["startTimeUnixNano"], `${path}.startTimeUnixNano`) ?? 0n;
  const startMs = reader.timeMs(startNanos, `${path}.startTimeUnixNano`, window) ?? 0;
  const endMs = reader.optionalTimeMs(span["endTimeUnixNano"], `${path}.endTimeUnixNano`, window);
  const attributes = readAttributes(reader, span["attributes"], `${path}.attributes`);
  const extras = readSpanEvents(reader, span["events"], `${path}.events`, startMs, window);
  const own = flagAssignment(attributes);
  if (own) extras.assignments[own[0]] = own[1];
  checkLinks(reader, span["links"], `${path}.links`);
  const ids = {
    trace_id: reader.string(span["traceId"], `${path}.traceId`),
    span_id: reader.string(span["spanId"], `${path}.spanId`),
    parent_span_id: reader.string(span["parentSpanId"], `${path}.parentSpanId`),
  };
  const event: Partial<WideEvent> & Record<string, unknown> = {
    type: "event",
    id: `${ids.trace_id ?? ""}-${ids.span_id ?? ""}`,
    ts: new Date(startMs).toISOString(),
    name: reader.string(span["name"], `${path}.name`) || "span",
    fields: { ...resource, ...attributes, ...ids },
  };
  if (endMs !== undefined) event.durationMs = Math.max(0, endMs - startMs);
  setStatus(event, attributes, readStatusCode(reader, span["status"], `${path}.status`));
  setIfString(event, "release", resource["resource.service.version"]);
  setIfString(event, "unit", attributes["enduser.id"]);
  // A span sampled 1 in N says so in `SampleRate` (the convention of Honeycomb's SDKs and OpenTelemetry samplers set
  // up for it); ingest checks it like any event's `sampleRate`.
  const sampleRate = attributes["SampleRate"] ?? attributes["sampleRate"];
  if (sampleRate !== undefined) event.sampleRate = sampleRate as number;
  if (Object.keys(extras.assignments).length > 0) event.assignments = extras.assignments;
  if (extras.messages.length > 0) event.messages = extras.messages;
  return event;
}

// Span events named `feature_flag*` become assignments, the others messages timed from the span's start.
function readSpanEvents(
  reader: OtlpReader,
  value: unknown,
  path: string,
  startMs: number,
  window: TimeWindow,
): SpanExtras {
  const extras: SpanExtras = { assignments: {}, messages: [] };
  reader.list(value, path).forEach((entry, index) => {
    const at = `${path}[${index}]`;
    const spanEvent = reader.element(entry, at);
    if (spanEvent === undefined) return;
    const name = reader.string(spanEvent["name"], `${at}.name`) ?? "";
    const atMs = reader.optionalTimeMs(spanEvent["timeUnixNano"], `${at}.timeUnixNano`, window);
    const eventAttributes = readAttributes(reader, spanEvent["attributes"], `${at}.attributes`);
    const assignment = name.startsWith("feature_flag") ? flagAssignment(eventAttributes) : undefined;
    if (assignment) extras.assignments[assignment[0]] = assignment[1];
    else extras.messages.push({ atMs: atMs === undefined ? 0 : Math.max(0, atMs - startMs), text: name });
  });
  return extras;
}

// Links are not stored, but a malformed one means a malformed span.
function checkLinks(reader: OtlpReader, value: unknown, path: string): void {
  reader.list(value, path).forEach((entry, index) => {
    const link = reader.element(entry, `${path}[${index}]`);
    if (link === undefined) return;
    reader.string(link["traceId"], `${path}[${index}].traceId`);
    reader.string(link["spanId"], `${path}[${index}].spanId`);
    readAttributes(reader, link["attributes"], `${path}[${index}].attributes`);
  });
}

function readStatusCode(reader: OtlpReader, value: unknown, path: string): string | undefined {
  const status = reader.object(value, path);
  reader.string(status["message"], `${path}.message`);
  return STATUS_NAMES[String(reader.enumValue(status["code"], `${path}.code`) ?? "")];
}

// The HTTP status when the span has one, else OTLP's ok/error.
function setStatus(event: Record<string, unknown>, attributes: Record<string, unknown>, statusName?: string): void {
  const httpStatus = attributes["http.response.status_code"] ?? attributes["http.status_code"];
  if (typeof httpStatus === "number") event["status"] = httpStatus;
  else if (statusName !== undefined) event["status"] = statusName;
}

/** Sets `key` when `value` is a non-empty string. */
export function setIfString(target: Record<string, unknown>, key: string, value: unknown): void {
  if (typeof value === "string" && value !== "") target[key] = value;
}

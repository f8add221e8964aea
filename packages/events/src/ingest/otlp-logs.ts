import { mapOtlpExport, type OtlpMapping } from "./otlp-mapping.js";
import type { OtlpObject, OtlpReader, TimeWindow } from "./otlp-reader.js";
import { setIfString } from "./otlp-traces.js";
import { flagAssignment, readAnyValue, readAttributes } from "./otlp-values.js";

let sequence = 0;

/**
 * Maps an OTLP/JSON log export to wide events named `log` (or the record's event name), one per record: the body
 * becomes the event's one message, severity its status, attributes its fields, `feature_flag.*` its assignment.
 * A record with a wrong type or a time outside `window` is refused (see `mapOtlpExport`).
 */
export function eventsFromOtlpLogs(body: unknown, window: TimeWindow): OtlpMapping {
  return mapOtlpExport(body, {
    label: "log",
    resources: "resourceLogs",
    scopes: "scopeLogs",
    items: "logRecords",
    mapItem: (reader, record, path, resource) => eventOfLog(reader, record, path, resource, window),
  });
}

function eventOfLog(
  reader: OtlpReader,
  record: OtlpObject,
  path: string,
  resource: Record<string, unknown>,
  window: TimeWindow,
): unknown {
  const atMs = readLogTimeMs(reader, record, path, window);
  const attributes = readAttributes(reader, record["attributes"], `${path}.attributes`);
  const bodyValue = readAnyValue(reader, record["body"], `${path}.body`);
  const text = typeof bodyValue === "string" ? bodyValue : JSON.stringify(bodyValue);
  const ids = {
    trace_id: reader.string(record["traceId"], `${path}.traceId`),
    span_id: reader.string(record["spanId"], `${path}.spanId`),
  };
  sequence = (sequence + 1) % 1_000_000_000;
  const event: Record<string, unknown> = {
    type: "event",
    id: `log-${ids.trace_id ?? ""}-${ids.span_id ?? ""}-${atMs}-${sequence}`,
    ts: new Date(atMs).toISOString(),
    name: reader.string(record["eventName"], `${path}.eventName`) || "log",
    messages: [{ atMs: 0, text }],
    fields: {
      ...resource,
      ...attributes,
      severity_number: reader.enumValue(record["severityNumber"], `${path}.severityNumber`),
      ...ids,
    },
  };
  setIfString(event, "status", reader.string(record["severityText"], `${path}.severityText`));
  setIfString(event, "release", resource["resource.service.version"]);
  setIfString(event, "unit", attributes["enduser.id"]);
  const assignment = flagAssignment(attributes);
  if (assignment) event["assignments"] = { [assignment[0]]: assignment[1] };
  return event;
}

// The record's time, or when unset (absent or 0) the time the collector observed it; one of them is required.
function readLogTimeMs(reader: OtlpReader, record: OtlpObject, path: string, window: TimeWindow): number {
  const time = reader.optionalTimeMs(record["timeUnixNano"], `${path}.timeUnixNano`, window);
  const observed = reader.optionalTimeMs(record["observedTimeUnixNano"], `${path}.observedTimeUnixNano`, window);
  const atMs = time ?? observed;
  if (atMs === undefined && reader.problems.length === 0) {
    reader.problem(`${path}.timeUnixNano`, "is required (or observedTimeUnixNano): Unix nanoseconds");
  }
  return atMs ?? 0;
}

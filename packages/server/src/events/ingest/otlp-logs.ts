import { AppError } from "../../errors/app-error.js";
import { prefixed, setIfString } from "./otlp-traces.js";
import {
  attributesOf,
  flagAssignment,
  nanosToMs,
  type OtlpAnyValue,
  type OtlpKeyValue,
  plainOtlpValue,
} from "./otlp-values.js";

interface OtlpLogRecord {
  timeUnixNano?: string | number;
  observedTimeUnixNano?: string | number;
  severityText?: string;
  severityNumber?: number;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

interface OtlpLogs {
  resourceLogs?: { resource?: { attributes?: OtlpKeyValue[] }; scopeLogs?: { logRecords?: OtlpLogRecord[] }[] }[];
}

let sequence = 0;

/**
 * Maps an OTLP/JSON log export to wide events named `log` (or the record's event name), one per record: the body
 * becomes the event's one message, severity its status, attributes its fields, `feature_flag.*` its assignment.
 */
export function eventsFromOtlpLogs(body: unknown): unknown[] {
  const logs = body as OtlpLogs;
  if (typeof body !== "object" || body === null || !Array.isArray(logs.resourceLogs)) {
    throw new AppError("BAD_REQUEST", "An OTLP log export needs `resourceLogs` (an array).");
  }
  const events: unknown[] = [];
  for (const resourceLogs of logs.resourceLogs) {
    const resource = prefixed(attributesOf(resourceLogs?.resource?.attributes), "resource.");
    for (const scope of resourceLogs?.scopeLogs ?? []) {
      for (const record of scope?.logRecords ?? []) events.push(eventOfLog(record, resource));
    }
  }
  return events;
}

function eventOfLog(record: OtlpLogRecord, resource: Record<string, unknown>): unknown {
  const atMs = nanosToMs(
    record.timeUnixNano && record.timeUnixNano !== "0" ? record.timeUnixNano : record.observedTimeUnixNano,
  );
  const attributes = attributesOf(record.attributes);
  const bodyValue = plainOtlpValue(record.body);
  const text = typeof bodyValue === "string" ? bodyValue : JSON.stringify(bodyValue);
  sequence = (sequence + 1) % 1_000_000_000;
  const event: Record<string, unknown> = {
    type: "event",
    id: `log-${record.traceId ?? ""}-${record.spanId ?? ""}-${String(record.timeUnixNano ?? "")}-${sequence}`,
    ts: Number.isFinite(atMs) ? new Date(atMs).toISOString() : "",
    name: record.eventName || "log",
    messages: [{ atMs: 0, text }],
    fields: {
      ...resource,
      ...attributes,
      severity_number: record.severityNumber,
      trace_id: record.traceId,
      span_id: record.spanId,
    },
  };
  setIfString(event, "status", record.severityText);
  setIfString(event, "release", resource["resource.service.version"]);
  setIfString(event, "unit", attributes["enduser.id"]);
  const assignment = flagAssignment(attributes);
  if (assignment) event["assignments"] = { [assignment[0]]: assignment[1] };
  return event;
}

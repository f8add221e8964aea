import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@switchboard/core";
import protobuf from "protobufjs";

/** The two OTLP/HTTP signals we ingest. */
export type OtlpSignal = "traces" | "logs";

interface SignalTypes {
  request: protobuf.Type;
  response: protobuf.Type;
  partialSuccess: string;
  rejectedField: string;
  label: string;
}

// The official OpenTelemetry .proto files (packages/events/proto, see its README). This module sits at
// src/ingest/ under tsx and vitest and at dist/ingest/ once built: two levels below the package.
const PROTO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "proto");

const SERVICE_FILES = [
  "opentelemetry/proto/collector/trace/v1/trace_service.proto",
  "opentelemetry/proto/collector/logs/v1/logs_service.proto",
];

// Protobuf → the OTLP/JSON shape the mappers read: 64-bit integers as decimal strings (as OTLP/JSON sends them),
// enums as numbers, bytes as base64 (OTLP/JSON's `bytesValue`; ids are turned into hex below), empty repeated
// fields as [] so an empty export is still an export.
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, arrays: true };

let types: Readonly<Record<OtlpSignal, SignalTypes>> | undefined;

/** The request and response types of both services, compiled from the .proto files once and then reused. */
function signalTypes(): Readonly<Record<OtlpSignal, SignalTypes>> {
  if (types !== undefined) return types;
  if (!existsSync(join(PROTO_ROOT, SERVICE_FILES[0] ?? ""))) {
    throw new Error(`The OpenTelemetry .proto files are missing from ${PROTO_ROOT}; reinstall the events package.`);
  }
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
  root.loadSync(SERVICE_FILES);
  root.resolveAll();
  const traces = "opentelemetry.proto.collector.trace.v1.";
  const logs = "opentelemetry.proto.collector.logs.v1.";
  types = {
    traces: {
      request: root.lookupType(`${traces}ExportTraceServiceRequest`),
      response: root.lookupType(`${traces}ExportTraceServiceResponse`),
      partialSuccess: `${traces}ExportTracePartialSuccess`,
      rejectedField: "rejectedSpans",
      label: "ExportTraceServiceRequest",
    },
    logs: {
      request: root.lookupType(`${logs}ExportLogsServiceRequest`),
      response: root.lookupType(`${logs}ExportLogsServiceResponse`),
      partialSuccess: `${logs}ExportLogsPartialSuccess`,
      rejectedField: "rejectedLogRecords",
      label: "ExportLogsServiceRequest",
    },
  };
  return types;
}

/** Compiles the OTLP types now (at start-up) instead of on the first protobuf request. */
export function preloadOtlpProtobuf(): void {
  signalTypes();
}

/**
 * Decodes an OTLP/HTTP protobuf body (`ExportTraceServiceRequest` or `ExportLogsServiceRequest`) into the object
 * an OTLP/JSON body parses to, so both encodings share one mapping: trace and span ids become lower-case hex,
 * `fixed64` timestamps and `int64` values decimal strings, enums numbers. A body that is not such a message is a
 * BAD_REQUEST naming the expected message.
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Buffer): unknown {
  const { request, label } = signalTypes()[signal];
  let object: Record<string, unknown>;
  try {
    object = request.toObject(request.decode(body), TO_OBJECT);
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `The body is not a valid OTLP protobuf ${label} (${(error as Error).message}); send the exporter's application/x-protobuf body as is, or application/json.`,
    );
  }
  const resources = object[signal === "traces" ? "resourceSpans" : "resourceLogs"];
  if (body.length > 0 && Array.isArray(resources) && resources.length === 0) {
    // Bytes that decode to nothing we know: almost certainly not an OTLP export (or another signal's).
    throw new AppError(
      "BAD_REQUEST",
      `The body is not a valid OTLP protobuf ${label}: it holds no ${signal === "traces" ? "resource_spans" : "resource_logs"}.`,
    );
  }
  hexIds(object);
  return object;
}

/** The protobuf answer to an export: an empty response, or `partial_success` with the rejected count and why. */
export function encodeOtlpResponse(signal: OtlpSignal, rejected: number, errorMessage: string): Uint8Array {
  const { response, partialSuccess, rejectedField } = signalTypes()[signal];
  const partial = response.lookupType(partialSuccess);
  const message =
    rejected === 0 && errorMessage === ""
      ? response.create({})
      : response.create({ partialSuccess: partial.create({ [rejectedField]: rejected, errorMessage }) });
  return response.encode(message).finish();
}

const ID_FIELDS = ["traceId", "spanId", "parentSpanId"] as const;

// Ids are `bytes` in protobuf (base64 after toObject) and hex strings in OTLP/JSON: rewrite them in place on spans,
// span links and log records. `bytesValue` attributes stay base64, as in OTLP/JSON.
function hexIds(object: Record<string, unknown>): void {
  for (const resource of asArray(object["resourceSpans"] ?? object["resourceLogs"])) {
    for (const scope of asArray(resource["scopeSpans"] ?? resource["scopeLogs"])) {
      for (const item of asArray(scope["spans"] ?? scope["logRecords"])) {
        hexFields(item);
        for (const link of asArray(item["links"])) hexFields(link);
      }
    }
  }
}

function hexFields(record: Record<string, unknown>): void {
  for (const field of ID_FIELDS) {
    const value = record[field];
    if (typeof value === "string") record[field] = Buffer.from(value, "base64").toString("hex");
  }
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

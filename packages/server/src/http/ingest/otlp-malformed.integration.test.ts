import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

// Every field on the way from an OTLP/JSON export down to an AnyValue, set to every JSON type it must not have:
// the answer is a 200 with `partialSuccess` or a 400 with the error body, never a 5xx, and a 400 stores nothing.

type Path = readonly (string | number)[];
type Json = unknown;

const WRONG_TYPES: readonly Json[] = [5, "x", true, null, {}, [], [null]];

const NANOS = "1772366400000000000"; // 2026-03-01T12:00:00Z
const LATER = "1772366400250000000";

const attribute = { key: "k", value: { stringValue: "v" } };
const anyValues = [
  { key: "s", value: { stringValue: "v" } },
  { key: "i", value: { intValue: "7" } },
  { key: "d", value: { doubleValue: 1.5 } },
  { key: "b", value: { boolValue: true } },
  { key: "y", value: { bytesValue: "AQI=" } },
  { key: "a", value: { arrayValue: { values: [{ stringValue: "v" }] } } },
  { key: "l", value: { kvlistValue: { values: [attribute] } } },
];

function validSpan(spanId: string) {
  return {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId,
    parentSpanId: "eee19b7ec3c1b170",
    name: "GET /",
    startTimeUnixNano: NANOS,
    endTimeUnixNano: LATER,
    attributes: anyValues,
    events: [{ name: "retry", timeUnixNano: NANOS, attributes: [attribute] }],
    links: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b171", attributes: [attribute] }],
    status: { code: 2, message: "failed" },
  };
}

function validLog() {
  return {
    timeUnixNano: NANOS,
    observedTimeUnixNano: NANOS,
    severityNumber: 17,
    severityText: "ERROR",
    body: { stringValue: "card declined" },
    attributes: anyValues,
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    eventName: "checkout.failed",
  };
}

const TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [attribute] },
      scopeSpans: [
        {
          scope: { name: "s", version: "1", attributes: [attribute] },
          spans: [validSpan("eee19b7ec3c1b174"), validSpan("eee19b7ec3c1b175")],
        },
      ],
    },
  ],
};

const LOGS = {
  resourceLogs: [
    {
      resource: { attributes: [attribute] },
      scopeLogs: [{ scope: { name: "s", attributes: [attribute] }, logRecords: [validLog(), validLog()] }],
    },
  ],
};

// The paths of every value inside `value` (objects and arrays, first array element only), parents first.
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [] : [[...prefix, 0], ...pathsOf(value[0], [...prefix, 0])];
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
  }
  return [];
}

function withValueAt(document: Json, path: Path, replacement: Json): Json {
  const copy = structuredClone(document) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  parent[path[path.length - 1] as string | number] = replacement;
  return copy;
}

// How many items (spans, log records) a document holds where the lists are lists.
function itemsIn(document: Json, [resources, scopes, items]: readonly string[]): number {
  const listAt = (value: Json, key: string | undefined): Json[] => {
    const list =
      typeof value === "object" && value !== null && key !== undefined
        ? (value as Record<string, Json>)[key]
        : undefined;
    return Array.isArray(list) ? list : [];
  };
  return listAt(document, resources)
    .flatMap((resource) => listAt(resource, scopes))
    .flatMap((scope) => listAt(scope, items)).length;
}

function deeplyNested(depth: number): string {
  return `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"deep"}${"]}}".repeat(depth)}`;
}

function spansWith(fields: Record<string, Json>): Json {
  return { resourceSpans: [{ scopeSpans: [{ spans: [{ ...validSpan("eee19b7ec3c1b176"), ...fields }] }] }] };
}

function logsWith(fields: Record<string, Json>): Json {
  return { resourceLogs: [{ scopeLogs: [{ logRecords: [{ ...validLog(), ...fields }] }] }] };
}

const EXTREME_TIMES: readonly Json[] = [
  1e308,
  "1e308",
  "x",
  -1,
  "-1",
  1.5,
  "0",
  "18446744073709551615",
  "4102444800000000000", // 2100-01-01
  "946684799999999999", // just before 2000-01-01
];

let test: Awaited<ReturnType<typeof createIngestTestApp>>;
beforeAll(async () => {
  test = await createIngestTestApp();
});
afterAll(async () => {
  await test.close();
});

async function storedCount(): Promise<number> {
  const result = await test.events.run({ sql: "SELECT count(*)::INTEGER FROM events", params: [] });
  return result.rows[0]?.[0] as number;
}

interface Exchange {
  status: number;
  body: Record<string, unknown>;
  raw: Buffer;
  stored: number;
}

async function post(url: string, payload: string | Buffer, contentType = "application/json"): Promise<Exchange> {
  const before = await storedCount();
  const response = await test.app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${KEYS.server}`, "content-type": contentType },
    payload,
  });
  const body = contentType === "application/json" ? (response.json() as Record<string, unknown>) : {};
  return { status: response.statusCode, body, raw: response.rawPayload, stored: (await storedCount()) - before };
}

// A 400 carries the error body with the path of the offending element and stores nothing; a 200 carries
// `partialSuccess`, and every item is either stored or counted as rejected with a reason.
function expectOtlpAnswer(exchange: Exchange, items: number, rejectedField: string, label: string): void {
  expect(exchange.status, label).toBeOneOf([200, 400]);
  if (exchange.status === 400) {
    const error = exchange.body["error"] as { code: string; message: string; details: { path: string }[] };
    expect(error.code, label).toMatch(/^(BAD_REQUEST|VALIDATION_FAILED)$/);
    expect(error.message.length, label).toBeGreaterThan(10);
    expect(error.details.length, label).toBeGreaterThan(0);
    for (const detail of error.details)
      expect(detail, label).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(exchange.stored, label).toBe(0);
    return;
  }
  const partial = exchange.body["partialSuccess"] as Record<string, unknown>;
  const rejected = (partial[rejectedField] as number | undefined) ?? 0;
  if (rejected > 0) expect(partial["errorMessage"], label).toMatch(/\S/);
  expect(exchange.stored + rejected, label).toBe(items);
}

const SIGNALS = [
  {
    label: "traces",
    url: "/v1/traces",
    document: TRACES,
    rejectedField: "rejectedSpans",
    lists: ["resourceSpans", "scopeSpans", "spans"],
  },
  {
    label: "logs",
    url: "/v1/logs",
    document: LOGS,
    rejectedField: "rejectedLogRecords",
    lists: ["resourceLogs", "scopeLogs", "logRecords"],
  },
] as const;

describe("OTLP/HTTP with malformed exports", () => {
  for (const signal of SIGNALS) {
    it(`D6: ${signal.label}: every field set to every wrong JSON type is a 200 with partialSuccess or a 400, never a 5xx`, async () => {
      const valid = await post(signal.url, JSON.stringify(signal.document));
      expect(valid).toMatchObject({ status: 200, stored: 2, body: { partialSuccess: {} } });
      for (const path of pathsOf(signal.document)) {
        for (const wrong of WRONG_TYPES) {
          const label = `${path.join(".")} = ${JSON.stringify(wrong)}`;
          const document = withValueAt(signal.document, path, wrong);
          const exchange = await post(signal.url, JSON.stringify(document));
          expectOtlpAnswer(exchange, itemsIn(document, signal.lists), signal.rejectedField, label);
        }
      }
    }, 120_000);
  }

  it("D6: times that are huge, negative, fractional, not numbers or outside 2000-01-01 … now + 1 day are rejected in partialSuccess", async () => {
    for (const time of EXTREME_TIMES) {
      // An end time of 0 means "not set" in OTLP (the span is stored without a duration).
      for (const field of time === "0" ? ["startTimeUnixNano"] : ["startTimeUnixNano", "endTimeUnixNano"]) {
        const label = `span ${field} = ${JSON.stringify(time)}`;
        const exchange = await post("/v1/traces", JSON.stringify(spansWith({ [field]: time })));
        expect(exchange, label).toMatchObject({
          status: 200,
          stored: 0,
          body: { partialSuccess: { rejectedSpans: 1 } },
        });
      }
      const label = `log timeUnixNano = ${JSON.stringify(time)}`;
      const exchange = await post(
        "/v1/logs",
        JSON.stringify(logsWith({ timeUnixNano: time, observedTimeUnixNano: time })),
      );
      expect(exchange, label).toMatchObject({
        status: 200,
        stored: 0,
        body: { partialSuccess: { rejectedLogRecords: 1 } },
      });
    }
  });

  it("D6: an AnyValue nested 5,000 or 50,000 deep rejects its item and names the depth limit", async () => {
    for (const depth of [33, 5_000, 50_000]) {
      const value = deeplyNested(depth);
      const span = JSON.stringify(spansWith({ attributes: [] })).replace(
        '"attributes":[]',
        `"attributes":[{"key":"deep","value":${value}}]`,
      );
      const traces = await post("/v1/traces", span);
      expect(traces, `span ${depth}`).toMatchObject({
        status: 200,
        stored: 0,
        body: { partialSuccess: { rejectedSpans: 1 } },
      });
      expect(JSON.stringify(traces.body)).toMatch(/32 levels/);
      const log = JSON.stringify(logsWith({ body: null })).replace('"body":null', `"body":${value}`);
      const logs = await post("/v1/logs", log);
      expect(logs, `log ${depth}`).toMatchObject({
        status: 200,
        stored: 0,
        body: { partialSuccess: { rejectedLogRecords: 1 } },
      });
    }
  });

  it("D6: protobuf spans and log records with times outside 2000-01-01 … now + 1 day are rejected in partialSuccess", async () => {
    const root = new protobuf.Root();
    const protoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "events", "proto");
    root.resolvePath = (_origin, target) => join(protoRoot, target);
    root.loadSync([
      "opentelemetry/proto/collector/trace/v1/trace_service.proto",
      "opentelemetry/proto/collector/logs/v1/logs_service.proto",
    ]);
    const traceRequest = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
    const traceResponse = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");
    const logRequest = root.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
    const logResponse = root.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse");
    for (const time of ["18446744073709551615", "4102444800000000000", "1", "946684799999999999"]) {
      const span = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: "GET /" };
      const traces = traceRequest.fromObject({
        resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, startTimeUnixNano: time, endTimeUnixNano: time }] }] }],
      });
      const exchange = await post(
        "/v1/traces",
        Buffer.from(traceRequest.encode(traces).finish()),
        "application/x-protobuf",
      );
      expect(exchange, time).toMatchObject({ status: 200, stored: 0 });
      expect(traceResponse.toObject(traceResponse.decode(exchange.raw), { longs: Number }), time).toMatchObject({
        partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringMatching(/startTimeUnixNano/) },
      });
      const logs = logRequest.fromObject({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: time, body: { stringValue: "x" } }] }] }],
      });
      const logExchange = await post(
        "/v1/logs",
        Buffer.from(logRequest.encode(logs).finish()),
        "application/x-protobuf",
      );
      expect(logExchange, time).toMatchObject({ status: 200, stored: 0 });
      expect(logResponse.toObject(logResponse.decode(logExchange.raw), { longs: Number }), time).toMatchObject({
        partialSuccess: { rejectedLogRecords: 1, errorMessage: expect.stringMatching(/timeUnixNano/) },
      });
    }
  });
});

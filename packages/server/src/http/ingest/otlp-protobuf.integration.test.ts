import { gzipSync } from "node:zlib";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { afterEach, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

// The real OpenTelemetry OTLP/HTTP protobuf exporters (their own protobuf writer, not protobufjs) against the real
// app listening on 127.0.0.1. Spans and log records are given to the exporters as the SDK hands them over
// (ReadableSpan / ReadableLogRecord), so what reaches the server is exactly what an instrumented service sends.

type Span = Parameters<OTLPTraceExporter["export"]>[0][number];
type LogRecord = Parameters<OTLPLogExporter["export"]>[0][number];
type ExporterConfig = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function listeningApp(eventsConfig: { maxBodyBytes?: number } = {}) {
  const test = await createIngestTestApp({ eventsConfig });
  close = test.close;
  const address = await test.app.listen({ host: "127.0.0.1", port: 0 });
  return { ...test, address };
}

const T0 = 1_772_366_400; // 2026-03-01T12:00:00Z in seconds
const TRACE_ID = "5b8efff798038103d269b633813fc60c";

function resource(attributes: Record<string, string>): Span["resource"] {
  // The exporters read a resource's `attributes` and `schemaUrl` only.
  return { attributes, schemaUrl: undefined } as unknown as Span["resource"];
}

function span(fields: {
  spanId: string;
  parentSpanId?: string;
  name: string;
  startNs: number;
  endNs: number;
  statusCode: number;
  attributes: Span["attributes"];
  events?: Span["events"];
  resource: Span["resource"];
}): Span {
  const context = { traceId: TRACE_ID, spanId: fields.spanId, traceFlags: 1 };
  const parent =
    fields.parentSpanId === undefined ? {} : { parentSpanContext: { ...context, spanId: fields.parentSpanId } };
  return {
    name: fields.name,
    kind: 1,
    spanContext: () => context,
    ...parent,
    startTime: [T0, fields.startNs],
    endTime: [T0, fields.endNs],
    status: { code: fields.statusCode },
    attributes: fields.attributes,
    links: [],
    events: fields.events ?? [],
    duration: [0, fields.endNs - fields.startNs],
    ended: true,
    resource: fields.resource,
    instrumentationScope: { name: "checkout-service", version: "1.0.0" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const CHECKOUT = resource({ "service.name": "checkout", "service.version": "64fd32f" });

const SPANS: Span[] = [
  span({
    spanId: "eee19b7ec3c1b174",
    name: "POST /checkout",
    startNs: 0,
    endNs: 250_000_000,
    statusCode: 2,
    attributes: { "http.route": "/checkout", "http.response.status_code": 500, "enduser.id": "user-7" },
    events: [
      {
        name: "feature_flag.evaluation",
        time: [T0, 10_000_000],
        attributes: { "feature_flag.key": "exp-13", "feature_flag.result.variant": "B" },
      },
      {
        name: "feature_flag",
        time: [T0, 20_000_000],
        attributes: { "feature_flag.key": "new-checkout", "feature_flag.variant": "on" },
      },
      { name: "payment declined", time: [T0, 100_000_000] },
    ],
    resource: CHECKOUT,
  }),
  span({
    spanId: "00f067aa0ba902b7",
    parentSpanId: "eee19b7ec3c1b174",
    name: "price-quote",
    startNs: 30_000_000,
    endNs: 42_000_000,
    statusCode: 1,
    attributes: { "feature_flag.key": "fast-pricing", "feature_flag.result.variant": "on", "enduser.id": "user-7" },
    resource: CHECKOUT,
  }),
];

function exportWith<T>(exporter: {
  export(items: T[], done: (result: { code: number; error?: Error }) => void): void;
}) {
  return (items: T[]) =>
    new Promise<{ code: number; error?: Error }>((resolve) => {
      exporter.export(items, resolve);
    });
}

function traceExporter(address: string, extra: Partial<ExporterConfig> = {}) {
  return new OTLPTraceExporter({
    url: `${address}/v1/traces`,
    headers: { Authorization: `Bearer ${KEYS.server}` },
    ...extra,
  });
}

describe("OTLP/HTTP protobuf from the OpenTelemetry exporters", () => {
  it("turns spans into events with their feature_flag evaluations as assignments", async () => {
    const test = await listeningApp();
    const exporter = traceExporter(test.address);
    const result = await exportWith<Span>(exporter)(SPANS);
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);

    const rows = await test.events.run({
      sql: `SELECT name, ts, duration_ms, status, unit, release, flags, variations,
              attr_str[list_position(attr_keys, 'http.route')], attr_str[list_position(attr_keys, 'resource.service.name')],
              attr_str[list_position(attr_keys, 'trace_id')], attr_str[list_position(attr_keys, 'span_id')],
              attr_str[list_position(attr_keys, 'parent_span_id')]
            FROM events ORDER BY ts`,
      params: [],
    });
    expect(rows.rows).toEqual([
      [
        "POST /checkout",
        "2026-03-01T12:00:00.000Z",
        250,
        "500",
        "user-7",
        "64fd32f",
        ["exp-13", "new-checkout"],
        ["B", "on"],
        "/checkout",
        "checkout",
        TRACE_ID,
        "eee19b7ec3c1b174",
        null,
      ],
      [
        "price-quote",
        "2026-03-01T12:00:00.030Z",
        12,
        "ok",
        "user-7",
        "64fd32f",
        ["fast-pricing"],
        ["on"],
        null,
        "checkout",
        TRACE_ID,
        "00f067aa0ba902b7",
        "eee19b7ec3c1b174",
      ],
    ]);
    const messages = await test.events.run({ sql: "SELECT at_ms, text FROM event_messages", params: [] });
    expect(messages.rows).toEqual([[100, "payment declined"]]);
    const assignments = await test.events.run({
      sql: "SELECT flag, variation FROM assignments ORDER BY flag",
      params: [],
    });
    expect(assignments.rows).toEqual([
      ["exp-13", "B"],
      ["fast-pricing", "on"],
      ["new-checkout", "on"],
    ]);
  });

  it("turns log records into events whose body is the message", async () => {
    const test = await listeningApp();
    const exporter = new OTLPLogExporter({
      url: `${test.address}/v1/logs`,
      headers: { Authorization: `Bearer ${KEYS.server}` },
    });
    const record: LogRecord = {
      hrTime: [T0, 0],
      hrTimeObserved: [T0, 5_000_000],
      spanContext: { traceId: TRACE_ID, spanId: "eee19b7ec3c1b174", traceFlags: 1 },
      severityText: "ERROR",
      severityNumber: 17,
      body: "card declined",
      resource: resource({ "service.version": "a1b2c3d" }) as unknown as LogRecord["resource"],
      instrumentationScope: { name: "checkout-service" },
      attributes: { "feature_flag.key": "exp-13", "feature_flag.result.variant": "A", attempt: 2 },
      droppedAttributesCount: 0,
    };
    const result = await exportWith<LogRecord>(exporter)([record]);
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);

    const rows = await test.events.run({
      sql: `SELECT e.name, e.ts, e.status, e.release, m.text, a.flag, a.variation,
              e.attr_num[list_position(e.attr_keys, 'attempt')], e.attr_str[list_position(e.attr_keys, 'trace_id')]
            FROM events e JOIN event_messages m ON m.event_id = e.id JOIN assignments a ON a.event_id = e.id`,
      params: [],
    });
    expect(rows.rows).toEqual([
      ["log", "2026-03-01T12:00:00.000Z", "ERROR", "a1b2c3d", "card declined", "exp-13", "A", 2, TRACE_ID],
    ]);
  });

  it("takes gzip bodies and honours Idempotency-Key", async () => {
    const test = await listeningApp();
    const exporter = traceExporter(test.address, {
      compression: "gzip" as NonNullable<ExporterConfig["compression"]>,
      headers: { Authorization: `Bearer ${KEYS.server}`, "Idempotency-Key": "deploy-64fd32f-batch-1" },
    });
    const send = exportWith<Span>(exporter);
    expect((await send(SPANS)).code).toBe(0);
    expect((await send(SPANS)).code).toBe(0);
    await exporter.shutdown();
    const count = await test.events.run({ sql: "SELECT count(*)::INTEGER FROM events", params: [] });
    expect(count.rows).toEqual([[2]]);
  });

  it("answers a body that is not OTLP protobuf with 400 and stores nothing", async () => {
    const test = await listeningApp();
    for (const payload of [Buffer.from("this is not protobuf at all"), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])]) {
      const response = await test.app.inject({
        method: "POST",
        url: "/v1/traces",
        headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-protobuf" },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/not a valid OTLP protobuf ExportTraceServiceRequest/);
    }
    const logs = await test.app.inject({
      method: "POST",
      url: "/v1/logs",
      headers: {
        authorization: `Bearer ${KEYS.server}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "gzip",
      },
      payload: gzipSync(Buffer.from([0xff, 0xff, 0xff])),
    });
    expect(logs.statusCode).toBe(400);
    expect(logs.json().error.message).toMatch(/ExportLogsServiceRequest/);
    const count = await test.events.run({ sql: "SELECT count(*)::INTEGER FROM events", params: [] });
    expect(count.rows).toEqual([[0]]);
  });

  it("refuses a protobuf body that inflates beyond the body limit with 413", async () => {
    const test = await listeningApp({ maxBodyBytes: 4096 });
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/traces",
      headers: {
        authorization: `Bearer ${KEYS.server}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "gzip",
      },
      payload: gzipSync(Buffer.alloc(100_000)),
    });
    expect(response.statusCode).toBe(413);
  });

  it("answers an unsupported content type with 415 and says which ones work", async () => {
    const test = await listeningApp();
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/traces",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "text/plain" },
      payload: "POST /checkout 250ms",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toMatch(/application\/x-protobuf.*http\/protobuf/);
  });
});

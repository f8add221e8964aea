import { afterEach, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === "string" ? { stringValue: value } : { intValue: String(value) },
});

const TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [attr("service.name", "checkout"), attr("service.version", "64fd32f")] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
              name: "POST /checkout",
              startTimeUnixNano: "1772366400000000000",
              endTimeUnixNano: "1772366400250000000",
              status: { code: 2 },
              attributes: [
                attr("http.route", "/checkout"),
                attr("http.response.status_code", 500),
                attr("enduser.id", "user-7"),
              ],
              events: [
                {
                  name: "feature_flag.evaluation",
                  timeUnixNano: "1772366400010000000",
                  attributes: [attr("feature_flag.key", "exp-13"), attr("feature_flag.result.variant", "B")],
                },
                {
                  name: "feature_flag",
                  attributes: [attr("feature_flag.key", "new-checkout"), attr("feature_flag.variant", "on")],
                },
                { name: "payment declined", timeUnixNano: "1772366400100000000" },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe("OTLP/HTTP JSON", () => {
  it("turns spans into events with their feature_flag evaluations as assignments", async () => {
    const test = await createIngestTestApp();
    close = test.close;
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/traces",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/json" },
      payload: JSON.stringify(TRACES),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ partialSuccess: {} });
    const rows = await test.events.run({
      sql: `SELECT name, ts, duration_ms, status, unit, release, flags, variations,
              attr_str[list_position(attr_keys, 'http.route')], attr_str[list_position(attr_keys, 'resource.service.name')]
            FROM events`,
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
      ],
    ]);
    const messages = await test.events.run({ sql: "SELECT at_ms, text FROM event_messages", params: [] });
    expect(messages.rows).toEqual([[100, "payment declined"]]);
  });

  it("reads a span's SampleRate attribute as the event's sampleRate, and rejects one below 1", async () => {
    const test = await createIngestTestApp();
    close = test.close;
    const withRate = (rate: number) => {
      const traces = structuredClone(TRACES);
      const span = traces.resourceSpans[0]?.scopeSpans[0]?.spans[0];
      span?.attributes.push(attr("SampleRate", rate));
      return JSON.stringify(traces);
    };
    const post = (payload: string) =>
      test.app.inject({
        method: "POST",
        url: "/v1/traces",
        headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/json" },
        payload,
      });
    expect((await post(withRate(20))).statusCode).toBe(200);
    const rows = await test.events.run({ sql: "SELECT sample_rate FROM events", params: [] });
    expect(rows.rows).toEqual([[20]]);
    const refused = await post(withRate(0));
    // OTLP's answer to a bad span: the batch is accepted, the span rejected and named (the protocol's partial success).
    expect(refused.json()).toEqual({
      partialSuccess: {
        rejectedSpans: 1,
        errorMessage:
          "resourceSpans[0].scopeSpans[0].spans[0].sampleRate must be a finite number ≥ 1 (how many events this one stands for)",
      },
    });
    expect((await test.events.stats()).events).toBe(1);
  });

  it("turns log records into events whose body is the message", async () => {
    const test = await createIngestTestApp();
    close = test.close;
    const logs = {
      resourceLogs: [
        {
          resource: { attributes: [attr("service.version", "a1b2c3d")] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: "1772366400000000000",
                  severityText: "ERROR",
                  body: { stringValue: "card declined" },
                  attributes: [attr("feature_flag.key", "exp-13"), attr("feature_flag.result.variant", "A")],
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/logs",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/json" },
      payload: JSON.stringify(logs),
    });
    expect(response.statusCode).toBe(200);
    const rows = await test.events.run({
      sql: "SELECT e.name, e.status, e.release, m.text, a.flag, a.variation FROM events e JOIN event_messages m ON m.event_id = e.id JOIN assignments a ON a.event_id = e.id",
      params: [],
    });
    expect(rows.rows).toEqual([["log", "ERROR", "a1b2c3d", "card declined", "exp-13", "A"]]);
  });

  it("answers a content type that is neither JSON nor protobuf with 415 and says how to configure the exporter", async () => {
    const test = await createIngestTestApp();
    close = test.close;
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/traces",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/xml" },
      payload: "<spans/>",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toMatch(/http\/protobuf \(or http\/json\)/);
  });
});

import type { WideEvent } from "@switchboard/core";
import { afterEach, describe, expect, it } from "vitest";
import { sampleEvent } from "../../../../events/src/store/event-store.contract.js";
import { createIngestTestApp, KEYS, ndjson } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

// One event in format 1 (nested fields, what deployed SDKs send) and the same event in format 2 (flat dotted keys,
// what current SDKs send), with the key order the same `ev.set` calls give: `http.method`, `http.route`, `user_agent`
// as an object value, `cart.items`, `cart.value`, `tier`.
function nestedEvent(id: string): WideEvent {
  return sampleEvent(id, {
    fields: {
      http: { method: "GET", route: "/products/:id" },
      user_agent: { os: "iOS", browser: "Mobile Safari" },
      cart: { items: 3, value: 42.5 },
      tier: "gold",
    },
  });
}
function flatEvent(id: string): WideEvent {
  return sampleEvent(id, {
    v: 2,
    fields: {
      "http.method": "GET",
      "http.route": "/products/:id",
      user_agent: { os: "iOS", browser: "Mobile Safari" },
      "cart.items": 3,
      "cart.value": 42.5,
      tier: "gold",
    },
  });
}

async function storedRows(app: TestApp, ids: string[]): Promise<unknown[]> {
  const result = await app.events.run({ sql: "SELECT * FROM events ORDER BY id", params: [] });
  // Every column of each row, with the row's own id masked: all that may differ between the two is the id.
  return result.rows.map((row, index) => JSON.parse(JSON.stringify(row).replaceAll(ids[index] ?? "", "<id>")));
}

describe("wide-event format versions", () => {
  it("stores an event sent with flat keys (v: 2) exactly as the same event sent nested (format 1)", async () => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: ndjson([nestedEvent("a-nested"), flatEvent("b-flat")]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stored: 2, rejected: [] });
    const [nested, flat] = await storedRows(current, ["a-nested", "b-flat"]);
    expect(flat).toEqual(nested);
    const raw = await current.events.run({
      sql: "SELECT CAST(raw AS VARCHAR) FROM events WHERE id = 'b-flat'",
      params: [],
    });
    // Stored nested and without `v`, in the key order format 1 has.
    expect(JSON.parse(String(raw.rows[0]?.[0]))).toEqual({ ...nestedEvent("b-flat") });
    expect(String(raw.rows[0]?.[0])).toBe(JSON.stringify(nestedEvent("b-flat")));
  });

  it("accepts format 2 in a JSON array too, and `v: 1` as format 1", async () => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/json" },
      payload: JSON.stringify([{ ...nestedEvent("a-v1"), v: 1 }, flatEvent("b-v2")]),
    });
    expect(response.statusCode).toBe(200);
    const [v1, v2] = await storedRows(current, ["a-v1", "b-v2"]);
    expect(v2).toEqual(v1);
  });

  it("nests flat keys in order as `ev.set` would: a later dotted key replaces a plain value on its way", async () => {
    current = await createIngestTestApp();
    const event = sampleEvent("order", { v: 2, fields: { a: 1, "a.b": 2, "c.d": 3, c: "plain" } });
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: ndjson([event]),
    });
    expect(response.statusCode).toBe(200);
    const rows = await current.events.run({ sql: "SELECT CAST(raw AS VARCHAR) FROM events", params: [] });
    expect(JSON.parse(String(rows.rows[0]?.[0])).fields).toEqual({ a: { b: 2 }, c: "plain" });
  });

  it("refuses a flat key that names a prototype and an unknown version, naming each, and stores nothing", async () => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: `{"type":"event","v":2,"id":"p1","ts":"2026-03-01T12:00:00.000Z","name":"request","fields":{"a.__proto__.x":1}}\n${ndjson([{ ...flatEvent("v3"), v: 3 } as unknown as WideEvent])}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "[0].fields.a.__proto__.x", message: "must not name __proto__, constructor or prototype" },
      { path: "[1].v", message: "must be 1 or 2 (the event format version)" },
    ]);
    expect((await current.events.stats()).events).toBe(0);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("stores `sampleRate` from both formats alike, and 1 for an event without one", async () => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: ndjson([
        { ...nestedEvent("a-v1"), sampleRate: 20 },
        { ...flatEvent("b-v2"), sampleRate: 20 },
        nestedEvent("c-unsampled"),
        { ...flatEvent("d-fraction"), sampleRate: 2.5 },
      ]),
    });
    expect(response.statusCode).toBe(200);
    const [v1, v2] = await storedRows(current, ["a-v1", "b-v2", "c-unsampled", "d-fraction"]);
    expect(v2).toEqual(v1);
    const rates = await current.events.run({
      sql: "SELECT id, sample_rate, CAST(raw AS VARCHAR) FROM events ORDER BY id",
      params: [],
    });
    expect(rates.rows.map((row) => [row[0], row[1]])).toEqual([
      ["a-v1", 20],
      ["b-v2", 20],
      ["c-unsampled", 1],
      ["d-fraction", 2.5],
    ]);
    expect(JSON.parse(String(rates.rows[1]?.[2])).sampleRate).toBe(20);
    // The per-flag rows carry the rate too, so per-variation aggregates read from them weight alike.
    const assigned = await current.events.run({
      sql: "SELECT DISTINCT sample_rate FROM assignments WHERE event_id = 'b-v2'",
      params: [],
    });
    expect(assigned.rows).toEqual([[20]]);
  });

  it.each([
    ["zero", 0],
    ["a fraction below 1", 0.5],
    ["negative", -3],
    ["text", "10"],
    ["null", null],
  ])("refuses a sampleRate that is %s with a 400 naming it, and stores nothing", async (_name, sampleRate) => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: ndjson([nestedEvent("ok"), { ...flatEvent("bad"), sampleRate } as unknown as WideEvent]),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "[1].sampleRate", message: "must be a finite number ≥ 1 (how many events this one stands for)" },
    ]);
    expect((await current.events.stats()).events).toBe(0);
  });

  it("refuses a sampleRate too large to be finite (1e999 parses as Infinity)", async () => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${KEYS.server}`, "content-type": "application/x-ndjson" },
      payload: JSON.stringify(flatEvent("huge")).replace(/}$/, ',"sampleRate":1e999}'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ path: "[0].sampleRate" });
  });
});

import { gzipSync } from "node:zlib";
import type { AppendResult, EventBatch, EventStore } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterEach, describe, expect, it } from "vitest";
import { sampleEvent, sampleExposure } from "../../../../events/src/store/event-store.contract.js";
import { createIngestTestApp, KEYS, ndjson } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
async function start(options: Parameters<typeof createIngestTestApp>[0] = {}): Promise<TestApp> {
  current = await createIngestTestApp(options);
  return current;
}
const auth = (key: string = KEYS.server) => ({ authorization: `Bearer ${key}` });

describe("POST /api/v1/events", () => {
  it("stores a JSON array under the key's environment and answers only after commit", async () => {
    const { app, events } = await start();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": "batch-1" },
      payload: JSON.stringify([sampleEvent("e1"), sampleExposure("x1")]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      batchId: "batch-1",
      batchIdGenerated: false,
      stored: 2,
      duplicate: false,
      rejected: [],
    });
    expect(await events.stats()).toMatchObject({ events: 1, exposures: 1, eventsByEnvironment: { production: 1 } });
  });

  it("accepts gzip NDJSON and generates a batch id when none is sent, saying so", async () => {
    const { app, events } = await start();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { ...auth(KEYS.client), "content-type": "application/x-ndjson", "content-encoding": "gzip" },
      payload: gzipSync(`${ndjson([sampleEvent("e1"), sampleEvent("e2")])}\n\n`),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ stored: 2, batchIdGenerated: true });
    expect(body.note).toMatch(/Idempotency-Key/);
    expect((await events.stats()).events).toBe(2);
  });

  it("keeps each event's raw JSON from NDJSON and from a JSON array", async () => {
    const { app, events } = await start();
    const received = ` {"type":"event", "id":"n1","ts":"2026-03-01T12:00:00.000Z","name":"request","fields":{"a":{"b":[1,2]}}} `;
    const post = (type: string, payload: string) =>
      app.inject({ method: "POST", url: "/api/v1/events", headers: { ...auth(), "content-type": type }, payload });
    expect((await post("application/x-ndjson", `${received}\n`)).statusCode).toBe(200);
    expect((await post("application/json", JSON.stringify([sampleEvent("j1")]))).statusCode).toBe(200);
    const rows = await events.run({ sql: "SELECT id, CAST(raw AS VARCHAR) FROM events ORDER BY id", params: [] });
    expect(rows.rows).toEqual([
      ["j1", JSON.stringify(sampleEvent("j1"))],
      // DuckDB's JSON type stores the text minified.
      ["n1", JSON.stringify(JSON.parse(received))],
    ]);
    const nested = await events.run({ sql: "SELECT raw->>'$.fields.a.b[1]' FROM events WHERE id = 'n1'", params: [] });
    expect(nested.rows).toEqual([["2"]]);
  });

  it("stores a retried batch once and answers the retry with duplicate: true", async () => {
    const { app, events } = await start();
    const send = () =>
      app.inject({
        method: "POST",
        url: "/api/v1/events",
        headers: { ...auth(), "content-type": "application/json", "idempotency-key": "retry-me" },
        payload: JSON.stringify([sampleEvent("e1")]),
      });
    expect((await send()).json()).toMatchObject({ stored: 1, duplicate: false });
    expect((await send()).json()).toMatchObject({ stored: 0, duplicate: true });
    expect((await events.stats()).events).toBe(1);
  });

  it("refuses a batch with bad items, naming each one, and stores nothing", async () => {
    const { app, events } = await start();
    const bad = [
      sampleEvent("ok"),
      { ...sampleEvent("e2"), ts: "yesterday" },
      "not an object",
      { ...sampleExposure("x1"), flag: 7, inExperiment: "yes" },
      { ...sampleEvent("e5"), environment: "staging" },
    ];
    const lines = `${ndjson(bad)}\n{not json`;
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { ...auth(), "content-type": "application/x-ndjson" },
      payload: lines,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [
        { path: "[1].ts", message: expect.stringMatching(/ISO 8601/) },
        { path: "[2]", message: "must be an object" },
        { path: "[3].flag", message: expect.stringMatching(/non-empty string/) },
        { path: "[3].inExperiment", message: "must be true or false" },
        { path: "[4].environment", message: expect.stringMatching(/production/) },
        { path: "[5]", message: "is not valid JSON" },
      ],
    });
    expect((await events.stats()).events).toBe(0);
  });

  it("with ?partial=true keeps the good items and reports the bad ones", async () => {
    const { app, events } = await start();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/events?partial=true",
      headers: { ...auth(), "content-type": "application/json" },
      payload: JSON.stringify([
        sampleEvent("e1"),
        { ...sampleEvent("e2"), spans: { sql: { ms: 1 } } },
        sampleEvent("e3"),
      ]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      stored: 2,
      rejected: [{ path: "[1].spans.sql", message: "must be { ms: number, count: number }" }],
    });
    expect((await events.stats()).events).toBe(2);
  });

  it("answers 401 without a key, 403 for a personal token, 400 for bad JSON and bad gzip", async () => {
    const { app } = await start();
    const post = (headers: Record<string, string>, payload: string | Buffer) =>
      app.inject({
        method: "POST",
        url: "/api/v1/events",
        headers: { "content-type": "application/json", ...headers },
        payload,
      });
    expect((await post({}, "[]")).statusCode).toBe(401);
    expect((await post(auth(KEYS.personal), "[]")).statusCode).toBe(403);
    const badJson = await post(auth(), "[{");
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.message).toMatch(/not valid JSON/);
    expect((await post({ ...auth(), "content-encoding": "gzip" }, "plain")).json().error.message).toMatch(/gzip/);
  });

  it("answers 429 with Retry-After when the writer queue is full, and stores the batch on retry", async () => {
    const gate = new GatedStore(await DuckDbEventStore.open({ path: ":memory:", threads: 1 }));
    const { app } = await start({ events: gate, eventsConfig: { queueMaxItems: 2 } });
    const post = (id: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/events",
        headers: { ...auth(), "content-type": "application/json", "idempotency-key": id },
        payload: JSON.stringify([sampleEvent(`${id}-1`), sampleEvent(`${id}-2`)]),
      });
    const first = post("first");
    await gate.entered;
    const refused = await post("second");
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.json().error.code).toBe("RATE_LIMITED");
    gate.open();
    expect((await first).statusCode).toBe(200);
    expect((await post("second")).json()).toMatchObject({ stored: 2 });
  });

  it("is documented in the OpenAPI document", async () => {
    const { app } = await start();
    const document = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(JSON.stringify(document)).toContain("/api/v1/events");
  });
});

/** Holds appends until opened, so a test can fill the writer queue. */
class GatedStore implements EventStore {
  readonly dialect;
  entered: Promise<void>;
  private signalEntered: () => void = () => undefined;
  private release: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  constructor(private readonly inner: EventStore) {
    this.dialect = inner.dialect;
    this.entered = new Promise((resolve) => {
      this.signalEntered = resolve;
    });
  }

  open(): void {
    this.release();
  }

  async append(batch: EventBatch): Promise<AppendResult> {
    this.signalEntered();
    await this.released;
    return this.inner.append(batch);
  }

  run = (statement: Parameters<EventStore["run"]>[0]) => this.inner.run(statement);
  applyRetention = (policy: Parameters<EventStore["applyRetention"]>[0]) => this.inner.applyRetention(policy);
  optimize = () => this.inner.optimize();
  stats = () => this.inner.stats();
  close = () => this.inner.close();
}

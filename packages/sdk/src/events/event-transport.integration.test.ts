import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { IngestItem } from "@switchboard/core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { nodeHttpPoster } from "../node/http-poster.js";
import { type IngestSink, startIngestSink } from "../node/middleware/testing/ingest-sink.js";
import type { BatchPoster } from "./batch-poster.js";
import { EventTransport, type EventTransportOptions } from "./event-transport.js";

// Every behaviour holds for both ways of POSTing a batch: `fetch` (the default) and `node:http` (the Node entry's).
const POSTERS: [string, BatchPoster | undefined][] = [
  ["fetch", undefined],
  ["node:http", nodeHttpPoster],
];

let sink: IngestSink;
const open: EventTransport[] = [];

beforeEach(async () => {
  sink = await startIngestSink();
});
afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
  await sink.close();
});

function transport(options: Partial<EventTransportOptions> = {}, post?: BatchPoster): EventTransport {
  const created = new EventTransport({
    url: sink.url,
    sdkKey: "sdk-test",
    flushIntervalMs: 10_000,
    logger: () => undefined,
    ...(post === undefined ? {} : { post }),
    ...options,
  });
  open.push(created);
  return created;
}

function item(n: number): IngestItem {
  return { type: "event", id: `e${n}`, ts: "2025-01-01T00:00:00.000Z", name: "job" };
}

describe.each(POSTERS)("EventTransport over %s", (_, post) => {
  test("sends a full batch at once as gzipped NDJSON with the key and a batch id", async () => {
    const events = transport({ batchSize: 10, compress: true }, post);
    for (let n = 0; n < 25; n++) events.enqueue(item(n));
    await sink.waitFor(2);
    const [first, second] = sink.received;
    expect(first?.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, n) => `e${n}`));
    expect(second?.items).toHaveLength(10);
    expect(first?.path).toBe("/api/v1/events");
    expect(first?.headers["authorization"]).toBe("Bearer sdk-test");
    expect(first?.headers["content-encoding"]).toBe("gzip");
    expect(first?.headers["content-type"]).toBe("application/x-ndjson");
    expect(first?.headers["idempotency-key"]).not.toBe(second?.headers["idempotency-key"]);
    expect(events.eventStats().queued).toBe(5);
  });

  test("sends a partial batch once the flush interval passed", async () => {
    const events = transport({ batchSize: 100, flushIntervalMs: 50 }, post);
    for (let n = 0; n < 3; n++) events.enqueue(item(n));
    await sink.waitFor(1);
    expect(sink.received[0]?.items).toHaveLength(3);
    expect(sink.received[0]?.atMs).toBeGreaterThanOrEqual(40);
  });

  test("sends plain NDJSON when compression is off", async () => {
    const events = transport({ compress: false }, post);
    events.enqueue(item(1));
    await events.flush();
    expect(sink.received[0]?.headers["content-encoding"]).toBeUndefined();
    expect(sink.accepted()).toEqual([item(1)]);
  });

  test("retries 5xx and network-level failures with the same Idempotency-Key", async () => {
    sink.answer = (index) => (index < 2 ? { status: 503 } : { status: 202 });
    const events = transport({ initialBackoffMs: 5 }, post);
    events.enqueue(item(1));
    await events.flush();
    const keys = sink.received.map((batch) => batch.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(events.eventStats()).toMatchObject({ sent: 1, retries: 2, failed: 0 });
  });

  test("waits as long as a 429's Retry-After asks", async () => {
    sink.answer = (index) => (index === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 202 });
    const events = transport({ initialBackoffMs: 1 }, post);
    events.enqueue(item(1));
    await events.flush();
    const [first, second] = sink.received;
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.eventStats().sent).toBe(1);
  });

  test("gives up on a 400 at once and logs the server's message once per status", async () => {
    const problem = JSON.stringify({ title: "Invalid items", detail: "item 0: unknown type" });
    sink.answer = () => ({ status: 400, headers: { "content-type": "application/problem+json" }, body: problem });
    const lines: string[] = [];
    const events = transport({ logger: (line) => lines.push(line), initialBackoffMs: 1 }, post);
    events.enqueue(item(1));
    await events.flush();
    events.enqueue(item(2));
    await events.flush();
    expect(sink.received).toHaveLength(2);
    expect(events.eventStats()).toMatchObject({ rejected: 2, retries: 0 });
    expect(lines).toEqual(["switchboard: the server refused 1 events (HTTP 400): Invalid items: item 0: unknown type"]);
  });

  test("close() sends what is queued and later items are dropped and counted", async () => {
    const events = transport({ batchSize: 100 }, post);
    for (let n = 0; n < 5; n++) events.enqueue(item(n));
    await events.close();
    expect(sink.accepted()).toHaveLength(5);
    events.enqueue(item(6));
    expect(events.eventStats()).toMatchObject({ sent: 5, dropped: 1 });
  });

  test("counts an answer by its status when its body stalls past the request timeout, and does not hang", async () => {
    const stalling = createServer((_, res) => {
      res.writeHead(202, { "content-length": "100" });
      res.write("partial");
    });
    await new Promise<void>((resolve) => stalling.listen(0, "127.0.0.1", resolve));
    const events = transport(
      { url: `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`, requestTimeoutMs: 100, maxAttempts: 1 },
      post,
    );
    events.enqueue(item(1));
    const started = Date.now();
    await events.flush();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.eventStats()).toMatchObject({ sent: 1, failed: 0 });
    stalling.closeAllConnections();
    await new Promise((resolve) => stalling.close(resolve));
  });

  test("gives up on an attempt that gets no answer within the request timeout, and retries it", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const events = transport(
      {
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        requestTimeoutMs: 100,
        maxAttempts: 2,
        initialBackoffMs: 1,
      },
      post,
    );
    events.enqueue(item(1));
    const started = Date.now();
    await events.flush();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.eventStats()).toMatchObject({ sent: 0, failed: 1, retries: 1 });
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});

describe.each(POSTERS)("EventTransport over %s with a dead endpoint", (_, post) => {
  test("keeps at most maxQueue items, drops the oldest, counts them, logs rarely and never throws", async () => {
    const dead = await startIngestSink();
    const url = dead.url;
    await dead.close();
    const lines: string[] = [];
    const events = new EventTransport({
      url,
      sdkKey: "k",
      maxQueue: 100,
      batchSize: 10,
      flushIntervalMs: 5,
      initialBackoffMs: 5,
      maxBackoffMs: 20,
      closeTimeoutMs: 500,
      logger: (line) => lines.push(line),
      ...(post === undefined ? {} : { post }),
    });
    let maxQueued = 0;
    for (let n = 0; n < 10_000; n++) {
      expect(() => events.enqueue(item(n))).not.toThrow();
      maxQueued = Math.max(maxQueued, events.eventStats().queued);
      if (n % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const stats = events.eventStats();
    expect(maxQueued).toBeLessThanOrEqual(100);
    expect(stats.queued + stats.inFlight + stats.dropped + stats.failed).toBe(10_000);
    expect(stats.dropped).toBeGreaterThan(9_000);
    await events.close();
    expect(events.eventStats().sent).toBe(0);
    expect(lines.filter((line) => line.includes("dropped"))).toHaveLength(1);
  });
});

describe("EventTransport batching under a steady stream", () => {
  test("items arriving while a batch is in flight wait for a full batch or the interval, not a small batch", async () => {
    const events = new EventTransport({
      url: sink.url,
      sdkKey: "k",
      batchSize: 50,
      flushIntervalMs: 10_000,
      logger: () => undefined,
    });
    open.push(events);
    for (let n = 0; n < 50; n++) events.enqueue(item(n));
    for (let n = 50; n < 60; n++) events.enqueue(item(n));
    await sink.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.received.map((batch) => batch.items.length)).toEqual([50]);
    expect(events.eventStats().queued).toBe(10);
  });
});

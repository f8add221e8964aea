import type { Exposure, IngestItem, WideEvent } from "@switchboard/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStore } from "./event-store.js";

/** A wide event with every typed part filled in; `overrides` replace top-level keys. */
export function sampleEvent(id: string, overrides: Partial<WideEvent> = {}): WideEvent {
  return {
    type: "event",
    id,
    ts: "2026-03-01T12:00:00.000Z",
    name: "request",
    unit: "user-1",
    release: "64fd32f",
    durationMs: 120.5,
    status: 200,
    assignments: { "exp-13": "B", "new-checkout": "on" },
    messages: [
      { atMs: 3, text: "cache miss" },
      { atMs: 9, text: "retrying payment", fields: { attempt: 2 } },
    ],
    spans: { sql: { ms: 41.2, count: 7 }, render: { ms: 12, count: 1 } },
    counters: { "cache.hits": 4 },
    fields: { http: { route: "/checkout", bytes: 5120 }, user: { country: "jp", beta: true }, note: null },
    ...overrides,
  };
}

/** An exposure of `exp-13`. */
export function sampleExposure(id: string, overrides: Partial<Exposure> = {}): Exposure {
  return {
    type: "exposure",
    id,
    ts: "2026-03-01T12:00:00.000Z",
    unit: "user-1",
    hashAttribute: "id",
    flag: "exp-13",
    variation: "B",
    ruleId: "exp",
    experiment: "exp-13",
    inExperiment: true,
    ...overrides,
  };
}

/** Statements the contract needs, per dialect (the query compiler owns real queries). */
const COUNT_BY_ENV: Record<EventStore["dialect"], string> = {
  duckdb: "SELECT count(*) AS n FROM events WHERE environment = ?",
  clickhouse: "SELECT count() AS n FROM events WHERE environment = {p0:String}",
};

/** The behaviour every `EventStore` adapter must show; `open` returns a fresh, empty store. */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const append = (batchId: string, items: IngestItem[], environment = "production") =>
      store.append({ batchId, environment, items });

    it("stores events with their assignments, messages and exposures, and counts them", async () => {
      const result = await append("b1", [sampleEvent("e1"), sampleEvent("e2"), sampleExposure("x1")]);
      expect(result).toEqual({ stored: 3, duplicate: false });
      const stats = await store.stats();
      expect(stats).toMatchObject({ events: 2, exposures: 1, assignments: 4, messages: 4, batches: 1 });
      expect(stats.eventsByEnvironment).toEqual({ production: 2 });
    });

    it("stores a batch id once: a retried batch is reported as a duplicate", async () => {
      await append("same", [sampleEvent("e1")]);
      expect(await append("same", [sampleEvent("e1")])).toEqual({ stored: 0, duplicate: true });
      expect((await store.stats()).events).toBe(1);
    });

    it("stores a batch once when the same id arrives concurrently", async () => {
      const results = await Promise.all([1, 2, 3].map(() => append("race", [sampleEvent("e1")])));
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect((await store.stats()).events).toBe(1);
    });

    it("stores every one of many concurrent batches", async () => {
      const batches = Array.from({ length: 40 }, (_, i) =>
        append(`b${i}`, [sampleEvent(`e${i}`), sampleEvent(`f${i}`)]),
      );
      const results = await Promise.all(batches);
      expect(results.every((result) => result.stored === 2)).toBe(true);
      expect((await store.stats()).events).toBe(80);
    });

    it("runs parameterised statements and returns plain values", async () => {
      await append("b1", [sampleEvent("e1")], "production");
      await append("b2", [sampleEvent("e2")], "staging");
      const result = await store.run({ sql: COUNT_BY_ENV[store.dialect], params: ["staging"] });
      expect(result).toEqual({ columns: ["n"], rows: [[1]] });
    });

    it("keeps an injection attempt in a parameter as data", async () => {
      await append("b1", [sampleEvent("e1")]);
      const result = await store.run({ sql: COUNT_BY_ENV[store.dialect], params: ["x' OR '1'='1"] });
      expect(result.rows).toEqual([[0]]);
    });

    it("refuses writes after close", async () => {
      const closing = await open();
      await closing.close();
      await expect(closing.append({ batchId: "late", environment: "production", items: [] })).rejects.toThrow();
    });

    it("deletes days older than the age limit, per environment", async () => {
      const day = (d: string, id: string) => sampleEvent(id, { ts: `2026-03-${d}T10:00:00.000Z` });
      await append("p", [day("01", "p1"), day("05", "p5"), day("10", "p10")], "production");
      await append("s", [day("01", "s1"), day("10", "s10")], "staging");
      const result = await store.applyRetention({
        now: new Date("2026-03-10T18:00:00.000Z"),
        maxAgeDays: 7,
        maxEventsPerEnvironment: 0,
        environments: { staging: { maxAgeDays: 30 } },
      });
      expect(result.deletedEvents).toBe(1);
      expect((await store.stats()).eventsByEnvironment).toEqual({ production: 2, staging: 2 });
    });

    it("deletes the oldest days of an environment over its size limit, keeping the newest day", async () => {
      const items = ["01", "02", "03"].flatMap((d) =>
        [1, 2].map((n) => sampleEvent(`e${d}${n}`, { ts: `2026-03-${d}T10:00:00.000Z` })),
      );
      await append("p", [...items, sampleExposure("x1", { ts: "2026-03-01T10:00:00.000Z" })]);
      const result = await store.applyRetention({
        now: new Date("2026-03-03T18:00:00.000Z"),
        maxAgeDays: 365,
        maxEventsPerEnvironment: 3,
      });
      expect(result).toEqual({ deletedEvents: 4, deletedExposures: 1 });
      expect((await store.stats()).events).toBe(2);
    });

    it("keeps everything readable after optimize, and re-clusters only the days that changed", async () => {
      await append("b1", [sampleEvent("e1"), sampleEvent("e2"), sampleExposure("x1")]);
      expect(await store.optimize()).toEqual({ days: 2, rows: 5 });
      expect(await store.stats()).toMatchObject({ events: 2, assignments: 4, exposures: 1 });
      expect(await store.optimize()).toEqual({ days: 0, rows: 0 });
      await append("b2", [sampleEvent("e3")]);
      expect(await store.optimize()).toEqual({ days: 1, rows: 6 });
    });

    it("leaves days on or after `before` alone and keeps appends working while it runs", async () => {
      await append("b1", [
        sampleEvent("old", { ts: "2026-03-01T10:00:00.000Z" }),
        sampleEvent("new", { ts: "2026-03-02T10:00:00.000Z" }),
      ]);
      const [result, appended] = await Promise.all([
        store.optimize({ before: new Date("2026-03-02T05:00:00.000Z") }),
        store.append({ batchId: "during", environment: "production", items: [sampleEvent("during")] }),
      ]);
      expect(result.days).toBe(1);
      expect(appended.stored).toBe(1);
      expect((await store.stats()).events).toBe(3);
    });
  });
}

import { AppError } from "@switchboard/core";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbEventStore, type DuckDbEventStoreOptions } from "../duckdb/duckdb-event-store.js";
import { MAX_BUBBLEUP_FILTERS } from "./query-schema.js";
import { QueryService } from "./query-service.js";
import { SEEDED_COUNT, seededEvent } from "./testing/seed-store.js";

const clock = { now: () => new Date("2026-01-01T01:00:00Z") };
const COUNT = { kind: "aggregate", last: "1h", aggregates: [{ fn: "count" }] };
// Seconds of work on the generated table, cheap to write: 50 dimensions of the most selection and baseline filters
// a BubbleUp may have.
const filters = (side: string) =>
  Array.from({ length: MAX_BUBBLEUP_FILTERS }, (_, f) => ({
    field: `fields.attr${f}`,
    op: "!=",
    value: `${side}${f}`,
  }));
const HEAVY_BUBBLEUP = {
  kind: "bubbleup",
  last: "1h",
  selection: filters("s"),
  baseline: filters("b"),
  dimensions: Array.from({ length: 50 }, (_, d) => `fields.dim${d}`),
};
const COPIES = 100;

const opened: DuckDbEventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** A store of the seeded hour copied 100 times (240,000 events), written directly: ingest is not under test. */
async function openLargeStore(options: Partial<DuckDbEventStoreOptions> = {}): Promise<DuckDbEventStore> {
  const store = await DuckDbEventStore.open({ path: ":memory:", ...options });
  opened.push(store);
  const items = Array.from({ length: SEEDED_COUNT }, (_, i) => seededEvent(i));
  await store.append({ batchId: "seed", environment: "production", items });
  await store.run({
    sql: `INSERT INTO events SELECT e.* REPLACE (e.id || '-' || r.i AS id) FROM events e, range(1, ${COPIES}) r(i)`,
    params: [],
  });
  return store;
}

async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe("queries running side by side", () => {
  // Three, not four: each running statement holds a libuv thread, and a test process has the default four (the
  // switchboard command raises it; see packages/cli/bin/switchboard.js).
  it("D18: a cheap count answers while heavy BubbleUps run", async () => {
    const service = new QueryService(await openLargeStore(), clock);
    const finished: string[] = [];
    const heavy = Array.from({ length: 3 }, (_, i) =>
      service.query(HEAVY_BUBBLEUP).then(() => finished.push(`bubbleup ${i}`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const countMs = await elapsedMs(() => service.query(COUNT));
    finished.push("count");
    await Promise.all(heavy);
    expect(finished[0], `the count took ${Math.round(countMs)} ms`).toBe("count");
  }, 120_000);

  it("D18: a query that runs out of time is cancelled in the engine, freeing its connection at once", async () => {
    const store = await openLargeStore({ readConnections: 1 });
    const aloneMs = await elapsedMs(() => new QueryService(store, clock).query(HEAVY_BUBBLEUP));
    const impatient = new QueryService(store, clock, { timeoutMs: 200 });
    const timedOut = await impatient.query(HEAVY_BUBBLEUP).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(AppError);
    expect(timedOut).toMatchObject({ code: "UNAVAILABLE", meta: { reason: "QUERY_TIMEOUT" } });
    // The only connection ran the BubbleUp: the count is quick only when the BubbleUp was stopped.
    const countMs = await elapsedMs(() => new QueryService(store, clock).query(COUNT));
    expect(countMs, `the BubbleUp alone takes ${Math.round(aloneMs)} ms`).toBeLessThan(aloneMs / 2);
  }, 120_000);
});

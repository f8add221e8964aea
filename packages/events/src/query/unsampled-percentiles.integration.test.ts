import type { WideEvent } from "@switchboard/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { QueryService } from "./query-service.js";

// Aggregates are first computed as if no event were sampled (plain counts, the engine's one-pass exact percentile);
// an answer that shows a sampled event anywhere is computed again with weights. On a real DuckDB store.

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = { from: new Date(T0).toISOString(), to: new Date(T0 + 3_600_000).toISOString() };
const clock = { now: () => new Date(T0 + 3_600_000) };

function event(id: string, route: string, durationMs: number, sampleRate?: number): WideEvent {
  return {
    type: "event",
    v: 2,
    id,
    ts: new Date(T0 + 1_000).toISOString(),
    name: "request",
    durationMs,
    fields: { route },
    ...(sampleRate === undefined ? {} : { sampleRate }),
  } as WideEvent;
}

// /a: 11…110 ms (p95 105.05); /b: 1…100 ms (p95 95.05).
const UNSAMPLED = [
  ...Array.from({ length: 100 }, (_, i) => event(`a${i}`, "/a", i + 11)),
  ...Array.from({ length: 100 }, (_, i) => event(`b${i}`, "/b", i + 1)),
];
// The slowest route by p95, only the first row: the answer's one row is /a, whose own events are all unsampled.
const SLOWEST_ROUTE = {
  kind: "aggregate",
  ...HOUR,
  groupBy: ["fields.route"],
  aggregates: [{ fn: "p95", field: "durationMs", as: "latency" }, { fn: "count" }],
  orderBy: [{ by: "latency", desc: true }],
  limit: 1,
  explain: true,
};

describe("aggregates and percentiles of unsampled events", () => {
  let store: DuckDbEventStore;
  beforeEach(async () => {
    store = await DuckDbEventStore.open({ path: ":memory:" });
    await store.append({ batchId: "unsampled", environment: "production", items: UNSAMPLED });
  });
  afterEach(() => store.close());

  it("come from the engine's one-pass exact percentile, with the R-7 values", async () => {
    const answer = await new QueryService(store, clock).query(SLOWEST_ROUTE);
    expect(answer.sql).toContain("quantile_cont");
    expect(answer.sql).toContain("count(*)");
    expect(answer.sql).not.toContain("ROWS BETWEEN UNBOUNDED PRECEDING");
    // The guard column stays out of the answer.
    expect(answer.columns).toEqual(["fields.route", "latency", "count"]);
    expect(answer.rows).toEqual([["/a", 105.05, 100]]);
  });

  it("a sampled event in a group the answer does not return still sends it to the weighted form", async () => {
    // One /b event standing for 50: /b's weighted p95 is 1,000 (50 of its 150 events), its unweighted one 96.
    await store.append({ batchId: "sampled", environment: "production", items: [event("b-slow", "/b", 1_000, 50)] });
    const service = new QueryService(store, clock);
    const answer = await service.query(SLOWEST_ROUTE);
    expect(answer.rows).toEqual([["/b", 1_000, 150]]);
    expect(answer.sql).toContain("ROWS BETWEEN UNBOUNDED PRECEDING");
    // 101 events, counted for what they stand for.
    expect(answer.sql).not.toContain("count(*)");
    // Having seen sampled events, the service weights percentiles from the start, here too where /a has none.
    const onlyA = await service.query({ ...SLOWEST_ROUTE, where: [{ field: "fields.route", op: "=", value: "/a" }] });
    expect(onlyA.rows).toEqual([["/a", 105.05, 100]]);
    expect(onlyA.sql).toContain("ROWS BETWEEN UNBOUNDED PRECEDING");
  });
});

// Differential test: every query kind of the query language, every filter operator and aggregate function, the
// experiment-results statement and the monitors' series run on the DuckDB store and on a real ClickHouse engine
// (chDB 26.x behind the test-only HTTP interface in test/clickhouse-engine) holding the same seeded events; the
// answers must agree: counts exactly, other numbers (percentiles included: both engines compute them exactly) within
// 1e-9 (relative).
import type { IngestItem, Metric } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FlagActivityReader } from "../activity/flag-activity-reader.js";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { DEFAULT_LOOKBACK_MICROS } from "../metrics/compile-experiment-metrics.js";
import { ExperimentMetricsReader } from "../metrics/experiment-metrics-reader.js";
import { type ResolvedMetric, resolveMetric } from "../metrics/resolve-metric.js";
import type { Filter, Query } from "../query/query-schema.js";
import { type QueryResult, QueryService } from "../query/query-service.js";
import { openSeededStore, SEEDED_COUNT, SEEDED_START, seededEvent, seedStore } from "../query/testing/seed-store.js";
import { ClickHouseEventStore } from "./clickhouse-event-store.js";
import { type ClickHouseTestEngine, startClickHouseTestEngine } from "./testing/clickhouse-test-engine.js";

const HOUR = { from: SEEDED_START, to: "2026-01-01T01:00:00Z", environment: "production" };
const clock = { now: () => new Date("2026-01-01T01:00:00Z") };

// Every statement goes through one engine process that runs them one at a time (see server.mjs); on a loaded machine
// a test of many appends needs more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let engine: ClickHouseTestEngine;
let duck: DuckDbEventStore;
let house: ClickHouseEventStore;
let onDuck: QueryService;
let onHouse: QueryService;

beforeAll(async () => {
  engine = await startClickHouseTestEngine();
  duck = await openSeededStore();
  house = await seedStore(
    await ClickHouseEventStore.open({
      url: engine.url,
      database: `queries_${process.pid}`,
      username: "default",
      password: "",
    }),
  );
  onDuck = new QueryService(duck, clock);
  onHouse = new QueryService(house, clock);
}, 60_000);
afterAll(async () => {
  await house?.close();
  await duck?.close();
  await engine?.stop();
});

/** Numbers equal within `relative` (counts and integers must match exactly: they come out as whole numbers). */
function close(a: unknown, b: unknown, relative: number): boolean {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isInteger(a) && Number.isInteger(b) && relative < 1e-6) return a === b;
    return Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i], relative));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) =>
      close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], relative),
    );
  }
  return a === b;
}

/** Rows in a canonical order when the query sets none (engines may return groups in any order). */
function canonical(result: QueryResult, ordered: boolean): unknown[][] {
  return ordered ? result.rows : [...result.rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

async function expectSameAnswer(
  query: Query,
  relative = 1e-9,
  [duckService, houseService] = [onDuck, onHouse],
): Promise<QueryResult> {
  const [expected, actual] = await Promise.all([duckService.query(query), houseService.query(query)]);
  expect(actual.columns).toEqual(expected.columns);
  const ordered = query.kind !== "aggregate" || (query.orderBy?.length ?? 0) > 0 || query.bucket !== undefined;
  const want = canonical(expected, ordered);
  const got = canonical(actual, ordered);
  expect(got.length, `${JSON.stringify(query)}: row count`).toBe(want.length);
  if (!close(got, want, relative)) expect(got).toEqual(want);
  // A cursor is opaque (each engine spells the time it holds its own way): both have one, or neither.
  expect(actual.nextCursor === undefined).toBe(expected.nextCursor === undefined);
  return actual;
}

const FILTERS: Filter[] = [
  { field: "fields.http.route", op: "=", value: "/checkout" },
  { field: "status", op: "!=", value: "500" },
  { field: "durationMs", op: "<", value: 130 },
  { field: "durationMs", op: "<=", value: 130 },
  { field: "fields.booking.amount", op: ">", value: 5 },
  { field: "spans.sql.ms", op: ">=", value: 30 },
  { field: "fields.region", op: "in", value: ["eu", "ap", "eu-slow"] },
  { field: "fields.http.route", op: "contains", value: "eck" },
  { field: "fields.user.plan", op: "exists", value: true },
  { field: "fields.missing", op: "exists", value: false },
  { field: "fields.http.route", op: "regex", value: "^/(se|ho)" },
  { field: "assignments.checkout", op: "=", value: "on" },
  { field: "release", op: "=", value: "a1b2c3d" },
  { field: "unit", op: "in", value: ["user-1", "user-2", "user-3"] },
];

describe("the query language on ClickHouse answers what it answers on DuckDB", () => {
  it.each(FILTERS.map((filter) => [`${filter.field} ${filter.op}`, filter] as const))(
    "filter %s",
    async (_name, filter) => {
      await expectSameAnswer({
        kind: "aggregate",
        ...HOUR,
        where: [filter],
        groupBy: ["assignments.exp-13"],
        aggregates: [{ fn: "count" }],
        orderBy: [{ by: "assignments.exp-13" }],
      });
    },
  );

  it("every exact aggregate function, grouped by a field, a flag and a typed column", async () => {
    const result = await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      groupBy: ["fields.http.route", "assignments.exp-13", "status"],
      aggregates: [
        { fn: "count" },
        { fn: "count_distinct", field: "unit" },
        { fn: "sum", field: "durationMs" },
        { fn: "avg", field: "durationMs" },
        { fn: "min", field: "fields.booking.amount" },
        { fn: "max", field: "spans.sql.ms" },
        { fn: "rate" },
        { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count", as: "sqlMsPerExecution" },
      ],
      orderBy: [
        { by: "count", desc: true },
        { by: "fields.http.route" },
        { by: "assignments.exp-13" },
        { by: "status" },
      ],
    });
    expect(result.rows.length).toBeGreaterThan(6);
  });

  it("percentiles: the same exact (R-7) values on both engines", async () => {
    await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      groupBy: ["assignments.exp-13"],
      aggregates: ["p50", "p90", "p95", "p99"].map((fn) => ({ fn, field: "durationMs" }) as const),
      orderBy: [{ by: "assignments.exp-13" }],
    });
  });

  it("weighted percentiles of sampled events (fractional rates, missing values): the same on both engines", async () => {
    // ClickHouse computes them inside the aggregation, DuckDB from cumulative weights in a window pass.
    const rates = [1, 2.5, 4, 10, 1.25];
    const items = Array.from({ length: 90 }, (_, i) => {
      const { durationMs: _omitted, ...event } = seededEvent(i);
      return {
        ...event,
        id: `weighted-${i}`,
        sampleRate: rates[i % rates.length] as number,
        ...(i % 9 === 0 ? {} : { durationMs: 40 + ((i * 37) % 101) }),
      };
    });
    // Stores of their own: other tests count every stored event.
    const stores = [
      await DuckDbEventStore.open({ path: ":memory:" }),
      await ClickHouseEventStore.open({
        url: engine.url,
        database: `weighted_${process.pid}`,
        username: "default",
        password: "",
      }),
    ] as const;
    for (const store of stores) await store.append({ batchId: "weighted", environment: "weighted", items });
    const services = [new QueryService(stores[0], clock), new QueryService(stores[1], clock)] as const;
    const percentiles = ["p50", "p90", "p95", "p99"].map((fn) => ({ fn, field: "durationMs" }) as const);
    const answer = await expectSameAnswer(
      {
        kind: "aggregate",
        ...HOUR,
        environment: "weighted",
        groupBy: ["assignments.exp-13"],
        aggregates: [...percentiles, { fn: "p50", field: "fields.missing" }],
        orderBy: [{ by: "assignments.exp-13" }],
      },
      1e-9,
      services,
    );
    expect(answer.rows).toHaveLength(2);
    // A group without any value of the field has no percentile (NULL), not 0.
    expect(answer.rows.map((row) => row.at(-1))).toEqual([null, null]);
    await expectSameAnswer(
      {
        kind: "aggregate",
        ...HOUR,
        environment: "weighted",
        where: [{ field: "assignments.exp-13", op: "exists" }],
        groupBy: ["assignments.exp-13"],
        aggregates: [{ fn: "count" }, ...percentiles],
      },
      1e-9,
      services,
    );
    await Promise.all(stores.map((store) => store.close()));
  });

  it("a per-minute series with a group (what a monitor reads), and a release scope", async () => {
    await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      bucket: "1m",
      groupBy: ["assignments.exp-13"],
      aggregates: [{ fn: "count" }, { fn: "avg", field: "durationMs" }, { fn: "rate" }],
    });
    await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      release: "64fd32f",
      bucket: "5m",
      aggregates: [{ fn: "count" }],
    });
  });

  it("the monitors' queries: a metric per minute (per group), and exposed units per variation", async () => {
    // The shapes of packages/server/src/control-plane/monitors/monitor-metric-query.ts and metric-reader.ts.
    for (const fn of ["count", "avg", "p95", "rate"] as const) {
      await expectSameAnswer({
        kind: "aggregate",
        ...HOUR,
        where: [{ field: "status", op: "=", value: "500" }],
        aggregates: [{ fn, ...(fn === "count" || fn === "rate" ? {} : { field: "durationMs" }), as: "value" }],
        bucket: "1m",
        groupBy: ["assignments.checkout"],
        limit: 10_000,
      });
    }
    await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      groupBy: ["assignments.exp-13"],
      aggregates: [{ fn: "count_distinct", field: "unit", as: "units" }],
      limit: 10_000,
    });
  });

  it("exposures as the source: counts, distinct units, a series", async () => {
    await expectSameAnswer({
      kind: "aggregate",
      source: "exposures",
      ...HOUR,
      where: [
        { field: "flag", op: "=", value: "exp-13" },
        { field: "inExperiment", op: "=", value: true },
      ],
      groupBy: ["variation"],
      aggregates: [{ fn: "count" }, { fn: "count_distinct", field: "unit", as: "units" }],
      orderBy: [{ by: "variation" }],
    });
    await expectSameAnswer({
      kind: "aggregate",
      source: "exposures",
      ...HOUR,
      bucket: "15m",
      groupBy: ["variation"],
      aggregates: [{ fn: "count" }],
    });
  });

  it("pages through raw events and exposure records with the same cursors", async () => {
    for (const source of ["events", "exposures"] as const) {
      const query = {
        kind: "events",
        source,
        ...HOUR,
        limit: 250,
        ...(source === "events" ? { where: [{ field: "fields.http.route", op: "=", value: "/checkout" }] } : {}),
      } as Query;
      let pages = 0;
      let houseCursor: string | undefined;
      let duckCursor: string | undefined;
      do {
        const [fromDuck, fromHouse] = await Promise.all([
          onDuck.query({ ...query, ...(duckCursor === undefined ? {} : { cursor: duckCursor }) } as Query),
          onHouse.query({ ...query, ...(houseCursor === undefined ? {} : { cursor: houseCursor }) } as Query),
        ]);
        expect(fromHouse.columns).toEqual(fromDuck.columns);
        expect(fromHouse.rows).toEqual(fromDuck.rows);
        duckCursor = fromDuck.nextCursor;
        houseCursor = fromHouse.nextCursor;
        expect(houseCursor === undefined).toBe(duckCursor === undefined);
        pages++;
      } while (duckCursor !== undefined);
      expect(pages).toBeGreaterThan(1);
    }
  });

  it("messages only in a selection, messages new since a release", async () => {
    const diff = await expectSameAnswer({
      kind: "messages-diff",
      ...HOUR,
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "assignments.exp-13", op: "=", value: "A" }],
    });
    expect(diff.rows.map((row) => row[0])).toEqual(["retry budget exhausted"]);
    await expectSameAnswer({
      kind: "messages-diff",
      ...HOUR,
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "fields.user.plan", op: "=", value: "free" }],
    });
    const fresh = await expectSameAnswer({ kind: "new-messages", ...HOUR, sinceRelease: "a1b2c3d" });
    expect(fresh.rows.map((row) => row[0])).toEqual(["cache miss"]);
  });

  it("BubbleUp ranks the same dimensions with the same scores", async () => {
    const result = await expectSameAnswer({
      kind: "bubbleup",
      ...HOUR,
      selection: [{ field: "durationMs", op: ">", value: 500 }],
      dimensions: ["fields.http.route", "fields.user.plan", "status", "fields.region", "assignments.checkout"],
      top: 2,
    });
    expect(result.rows[0]?.[0]).toBe("fields.region");
  });

  it("field keys, with and without filters", async () => {
    await expectSameAnswer({ kind: "field-keys", ...HOUR });
    await expectSameAnswer({
      kind: "field-keys",
      ...HOUR,
      where: [{ field: "fields.region", op: "=", value: "eu-slow" }],
      limit: 2,
    });
  });

  it("keeps quotes and semicolons in values, keys and names as data", async () => {
    const hostile = "x'; DROP TABLE events; --";
    const result = await expectSameAnswer({
      kind: "aggregate",
      ...HOUR,
      where: [
        { field: "name", op: "!=", value: hostile },
        { field: `fields.${hostile}`, op: "exists", value: false },
      ],
      groupBy: [`fields.a"b'c`],
      aggregates: [{ fn: "count", as: "n'); DROP TABLE events; --" }],
    });
    expect(result.rows).toEqual([[null, SEEDED_COUNT]]);
    expect((await house.stats()).events).toBe(SEEDED_COUNT * 1.1);
  });
});

const METRICS: Record<string, Metric> = {
  converted: { kind: "proportion", where: [{ field: "status", op: "=", value: "500" }] },
  "converted-10m": { kind: "proportion", window: "10m", where: [{ field: "status", op: "=", value: "500" }] },
  latency: { kind: "mean", aggregate: "sum", field: "durationMs" },
  requests: { kind: "mean", aggregate: "count", cap: { absolute: 5 } },
  "sql-ms-per-execution": {
    kind: "ratio",
    direction: "lower",
    numerator: { aggregate: "sum", field: "spans.sql.ms" },
    denominator: { aggregate: "sum", field: "spans.sql.count" },
  },
  "latency-p50": { kind: "quantile", field: "durationMs", quantile: "p50" },
};

/** 200 units, one variation each, with requests before (the CUPED covariate) and after their exposure. */
function experimentItems(): IngestItem[] {
  const start = Date.parse("2026-01-02T00:00:00.000Z");
  const items: IngestItem[] = [];
  for (let k = 0; k < 200; k++) {
    const unit = `a-${k}`;
    const variation = k % 2 === 0 ? "A" : "B";
    const exposedAt = start + 3_600_000 + k * 10_000;
    items.push({
      type: "exposure",
      id: `ax-${k}`,
      ts: new Date(exposedAt).toISOString(),
      unit,
      hashAttribute: "id",
      flag: "exp-ch",
      variation,
      ruleId: "exp",
      experiment: "exp-ch",
      inExperiment: true,
    });
    for (let r = -1; r < 1 + (k % 4); r++) {
      items.push({
        type: "event",
        id: `ae-${k}-${r}`,
        ts: new Date(exposedAt + r * 600_000 + 1000).toISOString(),
        name: "request",
        unit,
        durationMs: 100 + ((k * 7 + r) % 13) + (variation === "B" ? 20 : 0),
        status: (k + r) % 7 === 0 ? 500 : 200,
        spans: { sql: { ms: 5 + (k % 5), count: 1 + (r % 3 === 0 ? 1 : 0) } },
      });
    }
  }
  return items;
}

describe("experiment results on ClickHouse", () => {
  beforeAll(async () => {
    for (const store of [duck, house]) {
      await store.append({ batchId: "experiment", environment: "analysis", items: experimentItems() });
    }
  });

  it("reads the same per-variation sufficient statistics as on DuckDB", async () => {
    const metrics = Object.entries(METRICS).map(([key, metric]) => {
      const problems: { path: string; message: string }[] = [];
      const resolved = resolveMetric(key, metric, "", problems);
      expect(problems).toEqual([]);
      return resolved as ResolvedMetric;
    });
    const scope = {
      environment: "analysis",
      experiment: "exp-ch",
      start: new Date("2026-01-02T00:00:00Z"),
      end: new Date("2026-01-03T00:00:00Z"),
      lookbackMicros: DEFAULT_LOOKBACK_MICROS,
    };
    const [expected, actual] = await Promise.all(
      [duck, house].map((store) => new ExperimentMetricsReader(store).read(scope, metrics, ["A", "B"])),
    );
    expect(actual?.variations.map((v) => [v.variation, v.units])).toEqual([
      ["A", 100],
      ["B", 100],
    ]);
    if (!close(actual, expected, 1e-9)) expect(actual).toEqual(expected);
  });
});

describe("the debt board's flag activity on ClickHouse", () => {
  it("reads each flag's variations with their first and last sighting as on DuckDB", async () => {
    const [expected, actual] = await Promise.all(
      [duck, house].map(async (store) => Object.fromEntries(await new FlagActivityReader(store).variationsSeen())),
    );
    expect(Object.keys(actual ?? {}).length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});

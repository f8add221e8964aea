import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import type { Query } from "./query-schema.js";
import { type QueryResult, QueryService } from "./query-service.js";
import { openSeededStore, SEEDED_COUNT, SEEDED_EXPOSURES, SEEDED_START } from "./testing/seed-store.js";

const HOUR = { from: SEEDED_START, to: "2026-01-01T01:00:00Z", environment: "production" };
let store: DuckDbEventStore;
let service: QueryService;

beforeAll(async () => {
  store = await openSeededStore();
  service = new QueryService(store, { now: () => new Date("2026-01-01T01:00:00Z") });
});
afterAll(async () => store.close());

function byFirst(result: QueryResult): Record<string, unknown[]> {
  return Object.fromEntries(result.rows.map((row) => [String(row[0]), row.slice(1)]));
}

describe("queries against a seeded DuckDB store", () => {
  it("answers count, avg, p95 and SQL ms per execution per variation", async () => {
    const result = await service.query({
      kind: "aggregate",
      ...HOUR,
      groupBy: ["assignments.exp-13"],
      aggregates: [
        { fn: "count" },
        { fn: "avg", field: "durationMs" },
        { fn: "p95", field: "durationMs" },
        { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count", as: "sqlMsPerExecution" },
      ],
      orderBy: [{ by: "assignments.exp-13" }],
    });
    expect(result.columns).toEqual([
      "assignments.exp-13",
      "count",
      "avg(durationMs)",
      "p95(durationMs)",
      "sqlMsPerExecution",
    ]);
    const rows = byFirst(result);
    expect(rows["A"]?.[0]).toBe(SEEDED_COUNT / 2);
    expect(rows["B"]?.[3]).toBe(10);
    expect(rows["A"]?.[3]).toBe(5);
    expect(Number(rows["B"]?.[1])).toBeGreaterThan(Number(rows["A"]?.[1]));
    expect(rows["A"]?.[2]).toBe(900);
  });

  it("finds the messages said only in variation B", async () => {
    const result = await service.query({
      kind: "messages-diff",
      ...HOUR,
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "assignments.exp-13", op: "=", value: "A" }],
    });
    expect(result.columns).toEqual(["message", "count", "firstSeen", "lastSeen"]);
    expect(result.rows.map((row) => row[0])).toEqual(["retry budget exhausted"]);
    expect(result.rows[0]?.[1]).toBe(SEEDED_COUNT / 10);
    const byPlan = await service.query({
      kind: "messages-diff",
      ...HOUR,
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "fields.user.plan", op: "=", value: "free" }],
    });
    expect(byPlan.rows).toEqual(result.rows);
  });

  it("finds the messages new since a release", async () => {
    const result = await service.query({ kind: "new-messages", ...HOUR, sinceRelease: "a1b2c3d" });
    expect(result.rows.map((row) => row[0])).toEqual(["cache miss"]);
    const none = await service.query({ kind: "new-messages", ...HOUR, sinceRelease: "never-deployed" });
    expect(none.rows).toEqual([]);
  });

  it("draws a per-minute series", async () => {
    const result = await service.query({
      kind: "aggregate",
      ...HOUR,
      bucket: "1m",
      aggregates: [{ fn: "count" }, { fn: "rate" }],
    });
    expect(result.columns).toEqual(["time", "count", "rate"]);
    expect(result.rows).toHaveLength(60);
    expect(result.rows[0]).toEqual(["2026-01-01T00:00:00.000Z", 40, 40 / 60]);
    expect(result.rows.at(-1)?.[0]).toBe("2026-01-01T00:59:00.000Z");
  });

  it("ranks the planted dimension first in BubbleUp", async () => {
    const result = await service.query({
      kind: "bubbleup",
      ...HOUR,
      selection: [{ field: "durationMs", op: ">", value: 500 }],
      dimensions: ["fields.http.route", "fields.user.plan", "status", "fields.region", "assignments.checkout"],
      top: 2,
    });
    expect(result.columns).toEqual(["dimension", "score", "value", "selectionShare", "baselineShare"]);
    expect(result.rows[0]?.[0]).toBe("fields.region");
    expect(result.rows[0]?.[2]).toBe("eu-slow");
    expect(result.rows[0]?.[3]).toBe(1);
    expect(Number(result.rows[0]?.[1])).toBeGreaterThan(0.9);
    const dims = new Set(result.rows.map((row) => row[0]));
    expect(dims.size).toBe(5);
  });

  it("lists the field keys events carry, most frequent first, within the scope's filters", async () => {
    const all = await service.query({ kind: "field-keys", ...HOUR });
    expect(all.columns).toEqual(["field", "events"]);
    expect(all.rows).toEqual(
      ["fields.booking.amount", "fields.http.route", "fields.region", "fields.user.plan"].map((f) => [f, SEEDED_COUNT]),
    );
    const slow = await service.query({
      kind: "field-keys",
      ...HOUR,
      where: [{ field: "fields.region", op: "=", value: "eu-slow" }],
      limit: 2,
    });
    expect(slow.rows).toEqual([
      ["fields.booking.amount", Math.ceil(SEEDED_COUNT / 7)],
      ["fields.http.route", Math.ceil(SEEDED_COUNT / 7)],
    ]);
    await expect(service.query({ kind: "field-keys", limit: 0 })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("pages through raw events with a cursor, newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page: Query = {
        kind: "events",
        ...HOUR,
        where: [{ field: "fields.http.route", op: "=", value: "/checkout" }],
        limit: 150,
      };
      if (cursor !== undefined) page.cursor = cursor;
      const result = await service.query(page);
      seen.push(...result.rows.map((row) => String(row[0])));
      cursor = result.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(SEEDED_COUNT / 3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(SEEDED_COUNT / 3 / 150));
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it("shows the SQL of an aggregate and the raw events behind one of its rows", async () => {
    const result = await service.query({
      kind: "aggregate",
      ...HOUR,
      where: [{ field: "fields.http.route", op: "in", value: ["/search", "/home"] }],
      groupBy: ["assignments.exp-13"],
      aggregates: [{ fn: "count" }],
      explain: true,
    });
    expect(result.sql).toContain("FROM events e");
    expect(result.params).toContain("/search");
    const rowB = result.rows.findIndex((row) => row[0] === "B");
    const behind = result.eventsBehind?.[rowB];
    expect(behind).toBeDefined();
    const ids = new Set<string>();
    let query: Query | undefined = { ...(behind as Query), limit: 500 } as Query;
    while (query !== undefined) {
      const page = await service.query(query);
      const assignments = page.columns.indexOf("assignments");
      for (const row of page.rows) {
        ids.add(String(row[0]));
        expect((row[assignments] as Record<string, string>)["exp-13"]).toBe("B");
      }
      query = page.nextCursor === undefined ? undefined : ({ ...query, cursor: page.nextCursor } as Query);
    }
    expect(ids.size).toBe(result.rows[rowB]?.[1]);
  });

  it("treats quotes and semicolons in values and keys as data", async () => {
    const hostile = "x'; DROP TABLE events; --";
    const result = await service.query({
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
    expect(result.columns[1]).toBe("n'); DROP TABLE events; --");
    expect((await store.stats()).events).toBe(SEEDED_COUNT * 1.1);
  });
});

describe("queries over exposure records", () => {
  it("counts exposures and exposed units per variation of a flag", async () => {
    const result = await service.query({
      kind: "aggregate",
      source: "exposures",
      ...HOUR,
      where: [{ field: "flag", op: "=", value: "exp-13" }],
      groupBy: ["variation"],
      aggregates: [{ fn: "count" }, { fn: "count_distinct", field: "unit", as: "units" }],
      orderBy: [{ by: "variation" }],
      explain: true,
    });
    expect(result.columns).toEqual(["variation", "count", "units"]);
    expect(result.rows).toEqual([
      ["A", SEEDED_EXPOSURES / 2, 97],
      ["B", SEEDED_EXPOSURES / 2, 97],
    ]);
    expect(result.sql).toContain("FROM exposures x");
    expect(result.eventsBehind?.[0]).toMatchObject({ kind: "events", source: "exposures" });
  });

  it("filters on whether the unit was in the experiment and draws a series", async () => {
    const outside = await service.query({
      kind: "aggregate",
      source: "exposures",
      ...HOUR,
      where: [{ field: "inExperiment", op: "=", value: false }],
      aggregates: [{ fn: "count" }],
    });
    expect(outside.rows).toEqual([[SEEDED_EXPOSURES / 10]]);
    const series = await service.query({
      kind: "aggregate",
      source: "exposures",
      ...HOUR,
      bucket: "15m",
      groupBy: ["variation"],
      aggregates: [{ fn: "count" }],
    });
    expect(series.columns).toEqual(["time", "variation", "count"]);
    expect(series.rows).toHaveLength(8);
    const total = series.rows.reduce((sum, row) => sum + Number(row[2]), 0);
    expect(total).toBe(SEEDED_EXPOSURES);
  });

  it("pages through exposure records with a cursor", async () => {
    const seen: string[] = [];
    let query: Query | undefined = { kind: "events", source: "exposures", ...HOUR, limit: 300 };
    while (query !== undefined) {
      const page: QueryResult = await service.query(query);
      expect(page.columns.slice(0, 6)).toEqual(["id", "ts", "unit", "hashAttribute", "flag", "variation"]);
      seen.push(...page.rows.map((row) => String(row[0])));
      query = page.nextCursor === undefined ? undefined : ({ ...query, cursor: page.nextCursor } as Query);
    }
    expect(seen).toHaveLength(SEEDED_EXPOSURES);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(`xp-${String(SEEDED_EXPOSURES - 1).padStart(5, "0")}`);
  });

  it("refuses event fields on exposures, naming the fields exposures have", async () => {
    await expect(
      service.query({
        kind: "aggregate",
        source: "exposures",
        where: [{ field: "inExperiment", op: "contains", value: "t" }],
        groupBy: ["assignments.exp-13"],
        aggregates: [{ fn: "avg", field: "durationMs" }],
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: expect.arrayContaining([
        expect.objectContaining({ path: "groupBy[0]", message: expect.stringContaining("flag, variation") }),
        expect.objectContaining({ path: "aggregates[0].field" }),
        expect.objectContaining({ path: "where[0].op" }),
      ]),
    });
    await expect(
      service.query({ kind: "bubbleup", source: "exposures", selection: [], dimensions: ["flag"] }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

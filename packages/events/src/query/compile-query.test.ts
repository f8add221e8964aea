import { describe, expect, it } from "vitest";
import { compileQuery } from "./compile-query.js";
import { clickHouseDialect } from "./dialects/clickhouse-dialect.js";
import { duckDbDialect } from "./dialects/duckdb-dialect.js";
import { validateQuery } from "./validate-query.js";

const NOW = new Date("2026-01-02T00:00:00Z");
const compile = (query: unknown, dialect = duckDbDialect) => compileQuery(validateQuery(query, NOW), dialect);

const PER_VARIATION = {
  kind: "aggregate",
  last: "24h",
  environment: "production",
  where: [{ field: "fields.http.route", op: "in", value: ["/a", "/b"] }],
  groupBy: ["assignments.exp-13"],
  aggregates: [
    { fn: "count" },
    { fn: "p95", field: "durationMs" },
    { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" },
  ],
  limit: 10,
};

describe("compiling queries", () => {
  it("compiles a per-variation aggregate for DuckDB", () => {
    const { statement, columns } = compile(PER_VARIATION);
    expect(statement.sql).toBe(
      "SELECT r.k0 AS c0, coalesce(sum(r.w), 0) AS c1, min(CASE WHEN r.cw1 > floor(r.h1) THEN r.f1 END) + max(r.h1 - " +
        "floor(r.h1)) * (coalesce(min(CASE WHEN r.cw1 > floor(r.h1) + 1 THEN r.f1 END), min(CASE WHEN r.cw1 > " +
        "floor(r.h1) THEN r.f1 END)) - min(CASE WHEN r.cw1 > floor(r.h1) THEN r.f1 END)) AS c2, CAST(sum(r.f2 * r.w) " +
        "AS DOUBLE) / NULLIF(sum(r.p2 * r.w), 0) AS c3 FROM (SELECT b.*, CASE WHEN b.f1 IS NOT NULL THEN sum(b.w) OVER " +
        "(PARTITION BY k0 ORDER BY b.f1 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS cw1, 0.95 * (sum(CASE " +
        "WHEN b.f1 IS NOT NULL THEN b.w END) OVER (PARTITION BY k0) - 1) AS h1 FROM (SELECT " +
        "e.variations[list_position(e.flags, ?)] AS k0, e.duration_ms AS f1, e.span_ms[list_position(e.span_names, ?)] " +
        "AS f2, e.span_count[list_position(e.span_names, ?)] AS p2, e.sample_rate AS w FROM events e WHERE (e.ts >= " +
        "CAST(? AS TIMESTAMP)) AND (e.ts < CAST(? AS TIMESTAMP)) AND (e.environment = ?) AND " +
        "(e.attr_str[list_position(e.attr_keys, ?)] IN (?, ?))) b) r GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT CAST(? AS " +
        "BIGINT)",
    );
    expect(statement.params).toEqual([
      "exp-13",
      "sql",
      "sql",
      "2026-01-01T00:00:00.000Z",
      "2026-01-02T00:00:00.000Z",
      "production",
      "http.route",
      "/a",
      "/b",
      10,
    ]);
    expect(columns).toEqual([
      "assignments.exp-13",
      "count",
      "p95(durationMs)",
      "sum(spans.sql.ms)/sum(spans.sql.count)",
    ]);
  });

  it("compiles the same aggregate for ClickHouse with typed placeholders", () => {
    const { statement } = compile(PER_VARIATION, clickHouseDialect);
    // One level: the weighted p95 is computed inside the aggregation (the group's weight per distinct value and their
    // cumulative sums), not by a window pass that sorts every scanned row.
    expect(statement.sql).toBe(
      "SELECT if(indexOf(e.flags, {p0:String}) > 0, e.variations[indexOf(e.flags, {p1:String})], NULL) AS c0, " +
        "coalesce(sum(e.sample_rate), 0) AS c1, if(empty((sumMapIf([assumeNotNull(e.duration_ms)], " +
        "[toFloat64(e.sample_rate)], e.duration_ms IS NOT NULL) AS q1m).1), NULL, (q1m.1[arrayFirstIndex((cw, t) " +
        "-> cw > t, arrayCumSum(q1m.2) AS q1c, arrayResize([floor(0.95 * (q1c[-1] - 1) AS q1h)], length(q1c), " +
        "floor(q1h)))] AS q1lo) + (q1h - floor(q1h)) * (if((arrayFirstIndex((cw, t) -> cw > t, q1c, " +
        "arrayResize([floor(q1h) + 1], length(q1c), floor(q1h) + 1)) AS q1i) = 0, q1lo, q1m.1[q1i]) - q1lo)) AS " +
        "c2, toFloat64(sum(if(indexOf(e.span_names, {p2:String}) > 0, e.span_ms[indexOf(e.span_names, " +
        "{p3:String})], NULL) * e.sample_rate)) / nullIf(sum(if(indexOf(e.span_names, {p4:String}) > 0, " +
        "e.span_count[indexOf(e.span_names, {p5:String})], NULL) * e.sample_rate), 0) AS c3 FROM events e WHERE " +
        "(e.ts >= {p6:DateTime64(6, 'UTC')}) AND (e.ts < {p7:DateTime64(6, 'UTC')}) AND (e.environment = " +
        "{p8:String}) AND (if(indexOf(e.attr_keys, {p9:String}) > 0, e.attr_str[indexOf(e.attr_keys, " +
        "{p10:String})], NULL) IN ({p11:String}, {p12:String})) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {p13:Int64}",
    );
    expect(statement.params).toEqual([
      "exp-13",
      "exp-13",
      "sql",
      "sql",
      "sql",
      "sql",
      "2026-01-01T00:00:00.000Z",
      "2026-01-02T00:00:00.000Z",
      "production",
      "http.route",
      "http.route",
      "/a",
      "/b",
      10,
    ]);
  });

  it("compiles a per-minute series, messages only in B and new messages for DuckDB", () => {
    const series = compile({ kind: "aggregate", last: "1h", bucket: "1m", aggregates: [{ fn: "count" }] });
    expect(series.statement.sql).toBe(
      "SELECT make_timestamp(epoch_us(e.ts) - (epoch_us(e.ts) % CAST(? AS BIGINT) + CAST(? AS BIGINT)) % CAST(? AS " +
        "BIGINT)) AS c0, coalesce(sum(e.sample_rate), 0) AS c1 FROM events e WHERE (e.ts >= CAST(? AS TIMESTAMP)) AND " +
        "(e.ts < CAST(? AS TIMESTAMP)) GROUP BY 1 ORDER BY 1 LIMIT CAST(? AS BIGINT)",
    );
    expect(series.statement.params).toEqual([
      60_000_000,
      60_000_000,
      60_000_000,
      "2026-01-01T23:00:00.000Z",
      "2026-01-02T00:00:00.000Z",
      1000,
    ]);
    const diff = compile({
      kind: "messages-diff",
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "assignments.exp-13", op: "=", value: "A" }],
    });
    expect(diff.statement.sql).toBe(
      "SELECT text AS c0, count(*) AS c1, min(ts) AS c2, max(ts) AS c3 FROM (SELECT unnest(a.message_texts) AS text, a.ts, " +
        "a.variation = ? AS in_sel, a.variation = ? AS in_base FROM assignments a " +
        "WHERE a.flag = ? AND ((a.variation = ?) OR (a.variation = ?)) " +
        "AND TRUE) marked WHERE in_sel OR in_base " +
        "GROUP BY text HAVING count(*) FILTER (WHERE in_base) = 0 ORDER BY 2 DESC, 1 LIMIT CAST(? AS BIGINT)",
    );
    expect(diff.statement.params).toEqual(["B", "A", "exp-13", "B", "A", 100]);
    const scopedByField = compile({
      kind: "messages-diff",
      where: [{ field: "fields.region", op: "=", value: "eu" }],
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "assignments.exp-13", op: "=", value: "A" }],
    });
    expect(scopedByField.statement.sql).toContain("FROM event_messages m");
    const mixed = compile({
      kind: "messages-diff",
      selection: [{ field: "assignments.exp-13", op: "=", value: "B" }],
      baseline: [{ field: "durationMs", op: "<", value: 100 }],
    });
    expect(mixed.statement.sql).toContain(
      "m.event_id IN (SELECT event_id FROM assignments WHERE flag = ? AND variation = ?) AS in_sel, " +
        "m.event_id IN (SELECT e.id FROM events e WHERE e.duration_ms < CAST(? AS DOUBLE)) AS in_base",
    );
    const fresh = compile({ kind: "new-messages", sinceRelease: "64fd32f", environment: "production" });
    expect(fresh.statement.sql).toContain("HAVING min(m.ts) >= min(since.t)");
    expect(fresh.statement.params).toEqual(["production", "64fd32f", "production", 100]);
  });

  it("answers a per-variation aggregate from the assignments table when it carries every field", () => {
    const { statement } = compile({ ...PER_VARIATION, where: [{ field: "status", op: "!=", value: "500" }] });
    expect(statement.sql).toBe(
      "SELECT r.k0 AS c0, coalesce(sum(r.w), 0) AS c1, min(CASE WHEN r.cw1 > floor(r.h1) THEN r.f1 END) + max(r.h1 - " +
        "floor(r.h1)) * (coalesce(min(CASE WHEN r.cw1 > floor(r.h1) + 1 THEN r.f1 END), min(CASE WHEN r.cw1 > " +
        "floor(r.h1) THEN r.f1 END)) - min(CASE WHEN r.cw1 > floor(r.h1) THEN r.f1 END)) AS c2, CAST(sum(r.f2 * r.w) " +
        "AS DOUBLE) / NULLIF(sum(r.p2 * r.w), 0) AS c3 FROM (SELECT b.*, CASE WHEN b.f1 IS NOT NULL THEN sum(b.w) OVER " +
        "(PARTITION BY k0 ORDER BY b.f1 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS cw1, 0.95 * (sum(CASE " +
        "WHEN b.f1 IS NOT NULL THEN b.w END) OVER (PARTITION BY k0) - 1) AS h1 FROM (SELECT a.variation AS k0, " +
        "a.duration_ms AS f1, a.span_ms[list_position(a.span_names, ?)] AS f2, " +
        "a.span_count[list_position(a.span_names, ?)] AS p2, a.sample_rate AS w FROM assignments a WHERE a.flag = ? " +
        "AND (a.ts >= CAST(? AS TIMESTAMP)) AND (a.ts < CAST(? AS TIMESTAMP)) AND (a.environment = ?) AND (NOT " +
        "coalesce(a.status = ?, FALSE))) b) r GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT CAST(? AS BIGINT)",
    );
    expect(statement.params.slice(0, 3)).toEqual(["sql", "sql", "exp-13"]);
    const twoFlags = compile({ ...PER_VARIATION, where: [{ field: "assignments.other", op: "=", value: "on" }] });
    expect(twoFlags.statement.sql).toContain("FROM events e");
    const onlyNegated = compile({
      kind: "aggregate",
      where: [{ field: "assignments.exp-13", op: "!=", value: "B" }],
      aggregates: [{ fn: "count" }],
    });
    expect(onlyNegated.statement.sql).toContain("FROM events e");
  });

  it.each([
    ["duckdb", duckDbDialect],
    ["clickhouse", clickHouseDialect],
  ] as const)("weights every aggregate, series and BubbleUp share by sample_rate in %s", async (name, dialect) => {
    const everyAggregate = compile(
      {
        kind: "aggregate",
        last: "1h",
        bucket: "5m",
        groupBy: ["fields.http.route"],
        aggregates: [
          { fn: "count" },
          { fn: "count", field: "fields.cart.value" },
          { fn: "sum", field: "fields.cart.value" },
          { fn: "avg", field: "durationMs" },
          { fn: "rate" },
          { fn: "rate", field: "counters.retries" },
          { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" },
          { fn: "p50", field: "durationMs" },
          { fn: "p99", field: "spans.sql.ms" },
          { fn: "count_distinct", field: "unit" },
          { fn: "min", field: "durationMs" },
          { fn: "max", field: "durationMs" },
        ],
      },
      dialect,
    );
    const bubbleUp = compile(
      {
        kind: "bubbleup",
        last: "1h",
        selection: [{ field: "durationMs", op: ">", value: 500 }],
        dimensions: ["fields.http.route", "status"],
      },
      dialect,
    );
    const text = [everyAggregate, bubbleUp]
      .map(({ statement }) => `${statement.sql}\n-- params: ${JSON.stringify(statement.params)}\n`)
      .join("\n");
    await expect(text).toMatchFileSnapshot(`./__snapshots__/weighted-aggregates.${name}.sql`);
    // A count, a sum, a mean, a rate and a ratio weight by the row's sample rate; a percentile by its cumulative weight:
    // DuckDB's in a window pass over the rows, ClickHouse's within the aggregation.
    const sqlText = everyAggregate.statement.sql;
    if (name === "duckdb") {
      expect(sqlText).toContain("coalesce(sum(r.w), 0) AS c2");
      expect(sqlText).toContain("sum(r.f3 * r.w)");
      expect(sqlText).toContain(
        "OVER (PARTITION BY k0, k1 ORDER BY b.f8 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
      );
    } else {
      expect(sqlText).toContain("coalesce(sum(e.sample_rate), 0) AS c2");
      expect(sqlText).toContain("* e.sample_rate) AS c4");
      expect(sqlText).toContain("sumMapIf([assumeNotNull(e.duration_ms)], [toFloat64(e.sample_rate)]");
      expect(sqlText).not.toContain(" OVER ");
    }
    expect(bubbleUp.statement.sql).toContain("sum(CASE WHEN in_sel THEN w ELSE 0 END) AS sel");
    // Exposures are never sampled: their aggregates read no weight.
    const exposures = compile({ kind: "aggregate", source: "exposures", aggregates: [{ fn: "count" }] }, dialect);
    expect(exposures.statement.sql).not.toContain("sample_rate");
  });

  it("compiles exposure queries over the exposures table for both dialects", () => {
    const query = {
      kind: "aggregate",
      source: "exposures",
      last: "1h",
      bucket: "1m",
      where: [
        { field: "flag", op: "=", value: "exp-13" },
        { field: "inExperiment", op: "=", value: true },
      ],
      groupBy: ["variation"],
      aggregates: [{ fn: "count_distinct", field: "unit" }],
    };
    const duck = compile(query);
    expect(duck.statement.sql).toBe(
      "SELECT make_timestamp(epoch_us(x.ts) - (epoch_us(x.ts) % CAST(? AS BIGINT) + CAST(? AS BIGINT)) % CAST(? AS BIGINT)) AS c0, x.variation AS c1, " +
        "count(DISTINCT x.unit) AS c2 FROM exposures x WHERE (x.ts >= CAST(? AS TIMESTAMP)) AND (x.ts < CAST(? AS TIMESTAMP)) " +
        "AND (x.flag = ?) AND (x.in_experiment = CAST(? AS BOOLEAN)) GROUP BY 1, 2 ORDER BY 1, 2 LIMIT CAST(? AS BIGINT)",
    );
    expect(duck.statement.params.slice(5, 7)).toEqual(["exp-13", "true"]);
    expect(duck.columns).toEqual(["time", "variation", "count_distinct(unit)"]);
    const click = compile(query, clickHouseDialect);
    expect(click.statement.sql).toContain("FROM exposures x WHERE");
    // A one-minute bucket is ClickHouse's own toStartOfMinute, so its width is no parameter there.
    expect(click.statement.sql).toMatch(/^SELECT toStartOfMinute\(toDateTime\(x\.ts, 'UTC'\)\) AS c0/);
    expect(click.statement.sql).toContain("(x.in_experiment = {p3:Bool})");
    const page = compile({ kind: "events", source: "exposures", limit: 10, cursor: undefined });
    expect(page.statement.sql).toMatch(
      /^SELECT x\.id AS c0, x\.ts AS c1, .* FROM exposures x WHERE TRUE ORDER BY x\.ts DESC, x\.id DESC/,
    );
  });

  it("compiles the field keys of a scope for both dialects, unnesting each event's key list once", () => {
    const query = { kind: "field-keys", last: "24h", environment: "production", limit: 5 };
    const duck = compile(query);
    expect(duck.statement.sql).toBe(
      "SELECT 'fields.' || k AS c0, count(*) AS c1 FROM (SELECT unnest(e.attr_keys) AS k FROM events e " +
        "WHERE (e.ts >= CAST(? AS TIMESTAMP)) AND (e.ts < CAST(? AS TIMESTAMP)) AND (e.environment = ?)) keys " +
        "GROUP BY k ORDER BY 2 DESC, 1 LIMIT CAST(? AS BIGINT)",
    );
    expect(duck.statement.params).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "production", 5]);
    expect(duck.columns).toEqual(["field", "events"]);
    expect(compile(query, clickHouseDialect).statement.sql).toContain(
      "SELECT arrayJoin(e.attr_keys) AS k FROM events e",
    );
  });

  it("sends hostile values and keys as parameters, never as SQL text", () => {
    const hostile = `x'); DROP TABLE events; --`;
    const { statement } = compile({
      kind: "bubbleup",
      where: [{ field: `fields.${hostile}`, op: "regex", value: "^a" }],
      selection: [{ field: "name", op: "contains", value: hostile }],
      dimensions: [`assignments.${hostile}`, `spans.${hostile}.ms`],
    });
    expect(statement.sql).not.toContain("DROP");
    expect(statement.params.filter((param) => String(param).includes("DROP"))).toHaveLength(5);
  });

  it("uses typed columns only from the whitelist; unknown top-level names are refused", () => {
    for (const field of ["duration_ms; DROP TABLE events", "raw", "e.id", "1=1"]) {
      expect(() => compile({ kind: "events", where: [{ field, op: "exists" }] })).toThrow(/unknown field/);
    }
  });
});

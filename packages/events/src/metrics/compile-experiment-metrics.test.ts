import { readFileSync } from "node:fs";
import { type Metric, validateFlagSet } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clickHouseDialect } from "../query/dialects/clickhouse-dialect.js";
import { duckDbDialect } from "../query/dialects/duckdb-dialect.js";
import { compileExperimentMetrics, DEFAULT_LOOKBACK_MICROS } from "./compile-experiment-metrics.js";
import { experimentMetricColumns } from "./experiment-metric-columns.js";
import { metricFieldProblems, type ResolvedMetric, resolveMetric } from "./resolve-metric.js";

const SCOPE = {
  environment: "production",
  experiment: "checkout-exp",
  start: new Date("2026-03-01T00:00:00Z"),
  end: new Date("2026-03-03T00:00:00Z"),
  lookbackMicros: DEFAULT_LOOKBACK_MICROS,
};

const METRICS: Record<string, Metric> = {
  converted: { kind: "proportion", window: "24h", where: [{ field: "name", op: "=", value: "checkout" }] },
  revenue: { kind: "mean", aggregate: "sum", field: "fields.booking.amount", cap: { percentile: 0.99 } },
  "sql-ms": {
    kind: "ratio",
    numerator: { aggregate: "sum", field: "spans.sql.ms" },
    denominator: { aggregate: "sum", field: "spans.sql.count" },
  },
  "latency-p95": { kind: "quantile", field: "durationMs", quantile: "p95" },
};

function resolveAll(): ResolvedMetric[] {
  return Object.entries(METRICS).map(([key, metric]) => resolveMetric(key, metric, "", []) as ResolvedMetric);
}

describe("compiling experiment metrics", () => {
  it("emits the same unit-level aggregation as ClickHouse SQL, user values as typed parameters", async () => {
    const statement = compileExperimentMetrics(SCOPE, resolveAll(), clickHouseDialect);
    await expect(`${statement.sql}\n-- params: ${JSON.stringify(statement.params)}\n`).toMatchFileSnapshot(
      "./__snapshots__/experiment-metrics.clickhouse.sql",
    );
    expect(statement.sql).toContain("SETTINGS join_use_nulls = 1");
    // Every per-event value is weighted by the event's sample rate; the quantile by cumulative weight per variation.
    expect(statement.sql).toContain("e.sample_rate AS w");
    expect(statement.sql).toContain("min(CASE WHEN s.cw3 > floor(0.95 * (s.tw3 - 1)) THEN s.v3 END)");
    // Units are exposures, never sampled: a percentile cap over units stays unweighted.
    expect(statement.sql).toContain("quantileExactInclusive(0.99)(p.v1) AS cap1");
    expect(statement.sql).not.toContain("checkout-exp");
    expect(statement.params).toContain("checkout-exp");
  });

  it("emits DuckDB SQL with materialized steps and one column per statistic", () => {
    const metrics = resolveAll();
    const statement = compileExperimentMetrics(SCOPE, metrics, duckDbDialect);
    expect(statement.sql).toMatch(/^WITH exposed AS MATERIALIZED \(/);
    expect(statement.sql).toContain("quantile_cont(p.v1, 0.99) AS cap1");
    expect(experimentMetricColumns(metrics).slice(0, 8)).toEqual([
      "row_kind",
      "variation",
      "units",
      "converted.sum",
      "converted.sumSquares",
      "converted.covariateSum",
      "converted.covariateSumSquares",
      "converted.valueCovariateSum",
    ]);
  });

  it("names the unknown or non-numeric field of a metric", () => {
    expect(metricFieldProblems("x", { kind: "proportion", where: [{ field: "fields", op: "exists" }] })).toEqual([
      { path: "where[0].field", message: expect.stringContaining('unknown field "fields"') },
    ]);
    expect(metricFieldProblems("x", { kind: "quantile", field: "name", quantile: "p50" })).toEqual([
      { path: "field", message: "must hold numbers; name holds text" },
    ]);
    expect(
      metricFieldProblems(
        "x",
        {
          kind: "ratio",
          numerator: { aggregate: "sum", field: "spans.sql" },
          denominator: { aggregate: "count", where: [{ field: "nope", op: "exists" }] },
        },
        "metrics.x.",
      ).map((problem) => problem.path),
    ).toEqual(["metrics.x.numerator.field", "metrics.x.denominator.where[0].field"]);
  });

  it("finds every metric of the example flag set file sound against the event schema", () => {
    const url = new URL("../../../core/src/model/examples/flag-set.example.yaml", import.meta.url);
    const result = validateFlagSet(parse(readFileSync(url, "utf8")));
    const metrics = result.ok ? Object.entries(result.value.metrics ?? {}) : [];
    expect(metrics.length).toBeGreaterThan(4);
    for (const [key, metric] of metrics) expect(metricFieldProblems(key, metric)).toEqual([]);
  });
});

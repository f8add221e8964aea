import type { Exposure, IngestItem, Metric, WideEvent } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { DEFAULT_LOOKBACK_MICROS, type ExperimentMetricsScope } from "./compile-experiment-metrics.js";
import type { ExperimentMetricTotals } from "./experiment-metric-totals.js";
import { ExperimentMetricsReader } from "./experiment-metrics-reader.js";
import { type ResolvedMetric, resolveMetric } from "./resolve-metric.js";

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const H = 3_600_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

function exposure(unit: string, variation: string, ms: number, extra: Partial<Exposure> = {}): Exposure {
  const base = { type: "exposure", id: `x-${unit}-${ms}`, ts: at(ms), unit, hashAttribute: "id", flag: "checkout" };
  return { ...base, variation, ruleId: "exp", experiment: "checkout-exp", inExperiment: true, ...extra } as Exposure;
}

function request(unit: string, ms: number, durationMs: number, sql?: { ms: number; count: number }): WideEvent {
  const spans = sql === undefined ? {} : { spans: { sql } };
  return { type: "event", id: `r-${unit}-${ms}`, ts: at(ms), name: "request", unit, durationMs, ...spans } as WideEvent;
}

function checkout(unit: string, ms: number, amount: number): WideEvent {
  const fields = { booking: { amount } };
  return {
    type: "event",
    id: `c-${unit}-${ms}`,
    ts: at(ms),
    name: "checkout",
    unit,
    durationMs: 50,
    fields,
  } as WideEvent;
}

// Hand-planted data; the expected totals in the tests are computed by hand from this list.
const PRODUCTION: IngestItem[] = [
  // u1 → A at +1h. Its first request started 50 ms before the exposure and ran 100 ms: it is after exposure.
  exposure("u1", "A", 1 * H),
  exposure("u1", "A", 5 * H),
  request("u1", 1 * H - 50, 100, { ms: 10, count: 2 }),
  checkout("u1", 30 * H, 30), // 29 h after exposure: outside a 24 h window
  checkout("u1", 40 * H, 20),
  checkout("u1", -48 * H, 5), // 49 h before exposure: the CUPED covariate
  checkout("u1", -20 * 24 * H, 7), // 20 days before: beyond the 14-day lookback
  // u2 → B at +3h.
  exposure("u2", "B", 3 * H),
  request("u2", 3 * H + 1000, 200, { ms: 30, count: 3 }),
  request("u2", 2 * H, 100, { ms: 99, count: 1 }), // before exposure
  checkout("u2", 4 * H, 50),
  // u3 → B at +5h, no events: counts as 0.
  exposure("u3", "B", 5 * H),
  // u4 saw A and B: counted apart, left out.
  exposure("u4", "A", 6 * H),
  exposure("u4", "B", 7 * H),
  checkout("u4", 8 * H, 1000),
  // u5 was served by the rule but is not in the experiment (coverage).
  exposure("u5", "A", 1 * H, { inExperiment: false }),
  checkout("u5", 2 * H, 1000),
  // u6 was exposed only before the window.
  exposure("u6", "A", -1 * H),
  checkout("u6", 2 * H, 1000),
  // u8 → A at +20h.
  exposure("u8", "A", 20 * H),
  request("u8", 21 * H, 300, { ms: 8, count: 1 }),
  checkout("u8", 22 * H, 10),
  checkout("u8", 23 * H, 10),
  checkout("u8", 50 * H, 999), // after the window's end
];
const STAGING: IngestItem[] = [exposure("u7", "A", 12 * H), checkout("u7", 13 * H, 1000)];

const DEFINITIONS: Record<string, Metric> = {
  converted: { kind: "proportion", where: [{ field: "name", op: "=", value: "checkout" }] },
  "converted-24h": { kind: "proportion", window: "24h", where: [{ field: "name", op: "=", value: "checkout" }] },
  revenue: {
    kind: "mean",
    aggregate: "sum",
    field: "fields.booking.amount",
    where: [{ field: "name", op: "=", value: "checkout" }],
  },
  checkouts: {
    kind: "mean",
    aggregate: "count",
    cap: { absolute: 1.5 },
    where: [{ field: "name", op: "=", value: "checkout" }],
  },
  "sql-ms-per-execution": {
    kind: "ratio",
    direction: "lower",
    numerator: { aggregate: "sum", field: "spans.sql.ms" },
    denominator: { aggregate: "sum", field: "spans.sql.count" },
  },
  "latency-p50": {
    kind: "quantile",
    field: "durationMs",
    quantile: "p50",
    where: [{ field: "name", op: "=", value: "request" }],
  },
};

function resolved(definitions: Record<string, Metric>): ResolvedMetric[] {
  return Object.entries(definitions).map(([key, metric]) => {
    const problems: { path: string; message: string }[] = [];
    const metricResolved = resolveMetric(key, metric, "", problems);
    expect(problems).toEqual([]);
    return metricResolved as ResolvedMetric;
  });
}

const SCOPE: ExperimentMetricsScope = {
  environment: "production",
  experiment: "checkout-exp",
  start: new Date(T0),
  end: new Date(T0 + 48 * H),
  lookbackMicros: DEFAULT_LOOKBACK_MICROS,
};

let store: DuckDbEventStore;
let reader: ExperimentMetricsReader;
let totals: ExperimentMetricTotals;

beforeAll(async () => {
  store = await DuckDbEventStore.open({ path: ":memory:" });
  await store.append({ batchId: "p", environment: "production", items: PRODUCTION });
  await store.append({ batchId: "s", environment: "staging", items: STAGING });
  reader = new ExperimentMetricsReader(store);
  totals = await reader.read(SCOPE, resolved(DEFINITIONS), ["A", "B"]);
});
afterAll(async () => store.close());

const metricOf = (variation: string, key: string) =>
  totals.variations.find((v) => v.variation === variation)?.metrics[key];

describe("unit-level experiment metrics on DuckDB", () => {
  it("counts each variation's units once, and units that saw two variations apart", () => {
    expect(totals.variations.map((v) => [v.variation, v.units])).toEqual([
      ["A", 2],
      ["B", 2],
    ]);
    expect(totals.multipleExposureUnits).toBe(1);
  });

  it("sums a proportion per unit (0 or 1) with its pre-exposure covariate", () => {
    expect(metricOf("A", "converted")).toEqual({
      kind: "proportion",
      units: 2,
      sum: 2,
      sumSquares: 2,
      covariateSum: 1,
      covariateSumSquares: 1,
      valueCovariateSum: 1,
    });
    expect(metricOf("B", "converted")).toMatchObject({ sum: 1, sumSquares: 1, covariateSum: 0 });
  });

  it("counts only events inside the metric's window after first exposure", () => {
    expect(metricOf("A", "converted-24h")).toMatchObject({
      sum: 1,
      sumSquares: 1,
      covariateSum: 1,
      valueCovariateSum: 0,
    });
    expect(metricOf("B", "converted-24h")).toMatchObject({ sum: 1 });
  });

  it("sums a field per unit (units without events are 0), ignoring events after the end and beyond the lookback", () => {
    expect(metricOf("A", "revenue")).toEqual({
      kind: "mean",
      units: 2,
      sum: 70,
      sumSquares: 50 * 50 + 20 * 20,
      covariateSum: 5,
      covariateSumSquares: 25,
      valueCovariateSum: 50 * 5,
    });
    expect(metricOf("B", "revenue")).toMatchObject({ units: 2, sum: 50, sumSquares: 2500, covariateSum: 0 });
  });

  it("caps per-unit counts at an absolute value, the covariate too", () => {
    expect(metricOf("A", "checkouts")).toMatchObject({
      sum: 3,
      sumSquares: 4.5,
      covariateSum: 1,
      covariateSumSquares: 1,
      valueCovariateSum: 1.5,
    });
  });

  it("sums a ratio's numerator and denominator per unit for the delta method", () => {
    expect(metricOf("A", "sql-ms-per-execution")).toEqual({
      kind: "ratio",
      units: 2,
      numeratorSum: 18,
      numeratorSumSquares: 164,
      denominatorSum: 3,
      denominatorSumSquares: 5,
      numeratorDenominatorSum: 28,
      // Neither A unit made a request with SQL before its exposure.
      preNumeratorSum: 0,
      preNumeratorSumSquares: 0,
      preDenominatorSum: 0,
      preDenominatorSumSquares: 0,
      preNumeratorPreDenominatorSum: 0,
      numeratorPreNumeratorSum: 0,
      denominatorPreDenominatorSum: 0,
      numeratorPreDenominatorSum: 0,
      denominatorPreNumeratorSum: 0,
    });
    expect(metricOf("B", "sql-ms-per-execution")).toMatchObject({
      numeratorSum: 30,
      numeratorSumSquares: 900,
      denominatorSum: 3,
      denominatorSumSquares: 9,
      numeratorDenominatorSum: 90,
      // u2's request an hour before its exposure (99 ms, 1 execution) is its pre-exposure value; u3 has none.
      preNumeratorSum: 99,
      preNumeratorSumSquares: 99 * 99,
      preDenominatorSum: 1,
      preDenominatorSumSquares: 1,
      preNumeratorPreDenominatorSum: 99,
      numeratorPreNumeratorSum: 30 * 99,
      denominatorPreDenominatorSum: 3 * 1,
      numeratorPreDenominatorSum: 30 * 1,
      denominatorPreNumeratorSum: 3 * 99,
    });
  });

  it("estimates a quantile over events with the per-unit share at or below it", () => {
    const a = metricOf("A", "latency-p50");
    expect(a).toMatchObject({
      kind: "quantile",
      quantile: 200,
      events: 2,
      eventUnits: 2,
      numeratorSum: 1,
      numeratorSumSquares: 1,
      denominatorSum: 2,
      denominatorSumSquares: 2,
      numeratorDenominatorSum: 1,
    });
    // Linear interpolation between 100 and 300: the value at rank r is 100 + 200 r.
    const point = a?.kind === "quantile" ? a.grid.find((p) => p.rank === 0.6) : undefined;
    expect(point?.value).toBeCloseTo(220, 9);
    expect(metricOf("B", "latency-p50")).toMatchObject({
      quantile: 200,
      events: 1,
      numeratorSum: 1,
      denominatorSum: 1,
    });
  });

  it("caps at a percentile of all units' values", async () => {
    const capped = await reader.read(
      SCOPE,
      resolved({ revenue: { ...DEFINITIONS["revenue"], cap: { percentile: 0.5 } } as Metric }),
      ["A", "B"],
    );
    // Per-unit revenue: u1 50, u8 20, u2 50, u3 0; the median is 35, so u1 and u2 count 35 each.
    expect(capped.variations[0]?.metrics["revenue"]).toMatchObject({ sum: 55, sumSquares: 35 * 35 + 20 * 20 });
    expect(capped.variations[1]?.metrics["revenue"]).toMatchObject({ sum: 35 });
  });

  it("answers zeros, never NaN, for an experiment without exposures", async () => {
    const none = await reader.read({ ...SCOPE, experiment: "nobody" }, resolved(DEFINITIONS), ["A", "B"]);
    expect(none.multipleExposureUnits).toBe(0);
    expect(none.variations.map((v) => v.units)).toEqual([0, 0]);
    expect(none.variations[0]?.metrics["latency-p50"]).toMatchObject({ quantile: null, events: 0, grid: [] });
    expect(none.variations[1]?.metrics["revenue"]).toMatchObject({ sum: 0, sumSquares: 0 });
  });
});

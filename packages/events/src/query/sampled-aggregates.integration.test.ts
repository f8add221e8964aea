import type { Exposure, IngestItem, Metric, WideEvent } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import type { ExperimentMetricTotals, MetricTotals } from "../metrics/experiment-metric-totals.js";
import { ExperimentMetricsReader } from "../metrics/experiment-metrics-reader.js";
import { type ResolvedMetric, resolveMetric } from "../metrics/resolve-metric.js";
import { type QueryResult, QueryService } from "./query-service.js";

// The same generated traffic is stored twice in real DuckDB: every event (no `sampleRate`), and the sample an SDK
// would send (docs/sampling.md): errors, slow requests and the keep-listed route at full rate, the rest of the units
// 1 in RATE with `sampleRate: RATE`. Every weighted answer of the sample must agree with the full answer within the
// sampling error, which is computed from the generated population itself (the Horvitz–Thompson variance of each
// estimator), never a fixed tolerance.

const SEED = 20_261_207;
const RATE = 10;
const UNITS = 3_000;
const EVENTS = 40_000;
const SLOW_MS = 300;
const KEEP_ROUTE = "/admin";
const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = { from: new Date(T0).toISOString(), to: new Date(T0 + 3_600_000).toISOString() };
const ENVIRONMENT = "production";

/** One generated request, with what the sampler decided about it. */
interface Generated {
  event: WideEvent;
  unit: number;
  variation: "A" | "B";
  route: string;
  durationMs: number;
  cartValue: number | undefined;
  sqlMs: number;
  sqlCount: number;
  error: boolean;
  /** Kept at full rate by a rule (error, slow, keep-listed route): certain to be in the sample, weight 1. */
  fullRate: boolean;
}

// mulberry32: a small seeded generator, so the traffic (and the test's verdict) is the same on every run.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generate(): { traffic: Generated[]; exposures: Exposure[]; sampledUnits: Set<number> } {
  const random = seeded(SEED);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;
  const variations = Array.from({ length: UNITS }, () => (random() < 0.5 ? "A" : "B") as "A" | "B");
  // Sampling by unit: a unit's events are kept or dropped together (the hash of its id decides, in the SDK).
  const sampledUnits = new Set<number>();
  for (let unit = 0; unit < UNITS; unit++) if (random() < 1 / RATE) sampledUnits.add(unit);
  const exposures = variations.map(
    (variation, unit): Exposure => ({
      type: "exposure",
      id: `x${unit}`,
      ts: new Date(T0).toISOString(),
      unit: `u${unit}`,
      hashAttribute: "id",
      flag: "checkout",
      variation,
      ruleId: "exp",
      experiment: "checkout-exp",
      inExperiment: true,
    }),
  );
  const traffic: Generated[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const unit = Math.floor(random() * UNITS);
    const variation = variations[unit] ?? "A";
    const pick = random();
    const route = pick < 0.55 ? "/" : pick < 0.85 ? "/search" : pick < 0.98 ? "/checkout" : KEEP_ROUTE;
    const durationMs = Math.round((5 + exponential(variation === "B" ? 88 : 80)) * 10) / 10;
    const error = random() < 0.03;
    const sqlCount = 1 + Math.floor(random() * 4);
    const sqlMs = Math.round(sqlCount * (0.5 + exponential(3)) * 100) / 100;
    const cartValue = route === "/checkout" ? Math.round(exponential(50) * 100) / 100 : undefined;
    const fields: Record<string, unknown> = { http: { route } };
    if (cartValue !== undefined) fields["cart"] = { value: cartValue };
    const event: WideEvent = {
      type: "event",
      id: `e${i}`,
      ts: new Date(T0 + 60_000 + Math.floor(random() * 3_540_000)).toISOString(),
      name: route === "/checkout" ? "checkout" : "request",
      unit: `u${unit}`,
      durationMs,
      status: error ? 500 : 200,
      assignments: { checkout: variation },
      spans: { sql: { ms: sqlMs, count: sqlCount } },
      fields,
    };
    const fullRate = error || durationMs >= SLOW_MS || route === KEEP_ROUTE;
    traffic.push({ event, unit, variation, route, durationMs, cartValue, sqlMs, sqlCount, error, fullRate });
  }
  return { traffic, exposures, sampledUnits };
}

const { traffic, exposures, sampledUnits } = generate();
const sample = traffic.filter((row) => row.fullRate || sampledUnits.has(row.unit));

// ---- the sampling error of each estimator, from the population ----

/**
 * The variance of a weighted (Horvitz–Thompson) estimator of `Σ y − r·Σ x` over the rows, divided by `scale`²: the
 * linearised variance of a total (r = 0, scale = 1), a ratio or mean (r = the ratio, scale = Σ x), a share or a
 * distribution function. Full-rate rows are certain to be kept and add nothing; every other row is kept with its
 * unit, with probability 1/RATE, so the units are the clusters: Var = (RATE − 1) Σ_units (Σ_rows (y − r·x))².
 */
function samplingVariance(
  rows: readonly Generated[],
  y: (row: Generated) => number,
  x: (row: Generated) => number = () => 0,
  r = 0,
  scale = 1,
): number {
  const byUnit = new Map<number, number>();
  for (const row of rows) {
    if (row.fullRate) continue;
    byUnit.set(row.unit, (byUnit.get(row.unit) ?? 0) + y(row) - r * x(row));
  }
  let variance = 0;
  for (const z of byUnit.values()) variance += (RATE - 1) * z * z;
  return variance / (scale * scale);
}

/** R-7 quantile (DuckDB's `quantile_cont`) of a population. */
function quantile(values: readonly number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = level * (sorted.length - 1);
  const low = sorted[Math.floor(h)] ?? Number.NaN;
  const high = sorted[Math.ceil(h)] ?? low;
  return low + (h - Math.floor(h)) * (high - low);
}

/**
 * The sampling variance of a weighted percentile (Woodruff): the variance of the estimated distribution function at
 * the percentile, times the slope of the quantile function there (from the population, over ±0.02 of rank).
 */
function quantileVariance(rows: readonly Generated[], value: (row: Generated) => number, level: number): number {
  const values = rows.map(value);
  const at = quantile(values, level);
  const slope = (quantile(values, level + 0.02) - quantile(values, level - 0.02)) / 0.04;
  const cdf = samplingVariance(
    rows,
    (row) => (value(row) <= at ? 1 : 0),
    () => 1,
    level,
    rows.length,
  );
  return cdf * slope * slope;
}

// Every check together may fail by chance with probability ALPHA at most (Bonferroni over MAX_CHECKS checks).
const ALPHA = 0.001;
const MAX_CHECKS = 400;
let checks = 0;

/** The standard normal upper quantile z with P(|Z| > z) = p, by bisection on erfc (Numerical Recipes' erfc, 1.2e-7). */
function twoSidedZ(p: number): number {
  const erfc = (x: number) => {
    const t = 1 / (1 + 0.5 * x);
    const poly =
      -x * x -
      1.26551223 +
      t *
        (1.00002368 +
          t *
            (0.37409196 +
              t *
                (0.09678418 +
                  t *
                    (-0.18628806 +
                      t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    return t * Math.exp(poly);
  };
  let low = 0;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (erfc(mid / Math.SQRT2) > p) low = mid;
    else high = mid;
  }
  return low;
}
const Z = twoSidedZ(ALPHA / MAX_CHECKS);

/** The sampled answer agrees with the full one within Z standard errors (exactly, where nothing was sampled). */
function expectAgreement(label: string, sampled: unknown, full: unknown, variance: number): void {
  checks++;
  expect(checks, "raise MAX_CHECKS").toBeLessThanOrEqual(MAX_CHECKS);
  const estimate = Number(sampled);
  const truth = Number(full);
  expect(Number.isFinite(truth), `${label}: the full answer`).toBe(true);
  const tolerance = variance === 0 ? 1e-9 * Math.max(1, Math.abs(truth)) : Z * Math.sqrt(variance);
  expect(
    Math.abs(estimate - truth),
    `${label}: sampled ${estimate}, full ${truth}, ± ${tolerance}`,
  ).toBeLessThanOrEqual(tolerance);
}

// ---- the stores ----

let full: DuckDbEventStore;
let sampled: DuckDbEventStore;

async function storeOf(items: IngestItem[]): Promise<DuckDbEventStore> {
  const store = await DuckDbEventStore.open({ path: ":memory:" });
  for (let from = 0; from < items.length; from += 10_000) {
    await store.append({ batchId: `b${from}`, environment: ENVIRONMENT, items: items.slice(from, from + 10_000) });
  }
  return store;
}

beforeAll(async () => {
  full = await storeOf([...exposures, ...traffic.map((row) => row.event)]);
  const weighted = sample.map((row) => (row.fullRate ? row.event : { ...row.event, sampleRate: RATE }));
  sampled = await storeOf([...exposures, ...weighted]);
}, 120_000);
afterAll(async () => {
  await full?.close();
  await sampled?.close();
});

const now = () => new Date(T0 + 3_600_000);
async function both(query: Record<string, unknown>): Promise<[QueryResult, QueryResult]> {
  const body = { ...HOUR, environment: ENVIRONMENT, ...query } as Parameters<QueryService["query"]>[0];
  return Promise.all([new QueryService(full, { now }).query(body), new QueryService(sampled, { now }).query(body)]);
}

function rowsByKey(result: QueryResult, keys: number): Map<string, unknown[]> {
  return new Map(result.rows.map((row) => [JSON.stringify(row.slice(0, keys)), row.slice(keys)]));
}

const isCheckout = (row: Generated) => row.route === "/checkout";

describe("sampled events answer every aggregate like the full traffic, within the sampling error", () => {
  it("keeps about 1 in RATE of the ordinary events and every full-rate one", () => {
    const ordinary = traffic.filter((row) => !row.fullRate);
    const kept = sample.filter((row) => !row.fullRate).length / ordinary.length;
    expect(kept).toBeGreaterThan(0.5 / RATE);
    expect(kept).toBeLessThan(1.5 / RATE);
    expect(sample.filter((row) => row.fullRate).length).toBe(traffic.filter((row) => row.fullRate).length);
  });

  it("count, sum, avg, rate, ratio and percentiles per route and variation", async () => {
    const [fullResult, sampledResult] = await both({
      kind: "aggregate",
      groupBy: ["fields.http.route", "assignments.checkout"],
      aggregates: [
        { fn: "count" },
        { fn: "sum", field: "fields.cart.value" },
        { fn: "avg", field: "durationMs" },
        { fn: "rate" },
        { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" },
        { fn: "p50", field: "durationMs" },
        { fn: "p90", field: "durationMs" },
      ],
    });
    const fullRows = rowsByKey(fullResult, 2);
    const sampledRows = rowsByKey(sampledResult, 2);
    expect(fullRows.size).toBe(8);
    for (const [key, truth] of fullRows) {
      const [route, variation] = JSON.parse(key) as [string, string];
      const group = traffic.filter((row) => row.route === route && row.variation === variation);
      const estimate = sampledRows.get(key);
      expect(estimate, key).toBeDefined();
      const [count, sum, avg, rate, ratio, p50, p90] = estimate ?? [];
      const meanMs = group.reduce((total, row) => total + row.durationMs, 0) / group.length;
      const sqlMs = group.reduce((total, row) => total + row.sqlMs, 0);
      const sqlCount = group.reduce((total, row) => total + row.sqlCount, 0);
      expectAgreement(
        `${key} count`,
        count,
        truth[0],
        samplingVariance(group, () => 1),
      );
      if (route === "/checkout") {
        expectAgreement(
          `${key} sum`,
          sum,
          truth[1],
          samplingVariance(group, (row) => row.cartValue ?? 0),
        );
      }
      const avgVariance = samplingVariance(
        group,
        (row) => row.durationMs,
        () => 1,
        meanMs,
        group.length,
      );
      expectAgreement(`${key} avg`, avg, truth[2], avgVariance);
      expectAgreement(`${key} rate`, rate, truth[3], samplingVariance(group, () => 1) / 3600 ** 2);
      const ratioVariance = samplingVariance(
        group,
        (row) => row.sqlMs,
        (row) => row.sqlCount,
        sqlMs / sqlCount,
        sqlCount,
      );
      expectAgreement(`${key} ratio`, ratio, truth[4], ratioVariance);
      expectAgreement(
        `${key} p50`,
        p50,
        truth[5],
        quantileVariance(group, (row) => row.durationMs, 0.5),
      );
      expectAgreement(
        `${key} p90`,
        p90,
        truth[6],
        quantileVariance(group, (row) => row.durationMs, 0.9),
      );
    }
    // The keep-listed route is never sampled: its answers are exact (to the last bits of a sum: the unsampled store's
    // answer comes from the plain one-pass statement, the sampled store's from the weighted form, summing in another order).
    const admin = JSON.stringify([KEEP_ROUTE, "A"]);
    const [sampledAdmin, fullAdmin] = [sampledRows.get(admin), fullRows.get(admin)];
    expect(sampledAdmin).toHaveLength(fullAdmin?.length ?? -1);
    sampledAdmin?.forEach((value, i) => {
      const full = fullAdmin?.[i];
      if (typeof value === "number" && typeof full === "number") expect(value).toBeCloseTo(full, 9);
      else expect(value).toEqual(full);
    });
  });

  it("could fail: the sample read without its weights is far outside the tolerance", async () => {
    const [fullResult, sampledResult] = await both({ kind: "aggregate", aggregates: [{ fn: "count" }] });
    const unweighted = await sampled.run({ sql: "SELECT count(*) FROM events", params: [] });
    const tolerance = Z * Math.sqrt(samplingVariance(traffic, () => 1));
    expect(Math.abs(Number(unweighted.rows[0]?.[0]) - Number(fullResult.rows[0]?.[0]))).toBeGreaterThan(3 * tolerance);
    expectAgreement(
      "total count",
      sampledResult.rows[0]?.[0],
      fullResult.rows[0]?.[0],
      samplingVariance(traffic, () => 1),
    );
  });

  it("a series: count and avg per 10-minute bucket", async () => {
    const [fullResult, sampledResult] = await both({
      kind: "aggregate",
      bucket: "10m",
      aggregates: [{ fn: "count" }, { fn: "avg", field: "durationMs" }],
    });
    const sampledRows = rowsByKey(sampledResult, 1);
    expect(fullResult.rows.length).toBe(6);
    for (const [key, truth] of rowsByKey(fullResult, 1)) {
      const start = Date.parse(JSON.parse(key)[0] as string);
      const bucket = traffic.filter((row) => {
        const ts = Date.parse(row.event.ts);
        return ts >= start && ts < start + 600_000;
      });
      const meanMs = bucket.reduce((total, row) => total + row.durationMs, 0) / bucket.length;
      const [count, avg] = sampledRows.get(key) ?? [];
      expectAgreement(
        `${key} count`,
        count,
        truth[0],
        samplingVariance(bucket, () => 1),
      );
      const avgVariance = samplingVariance(
        bucket,
        (row) => row.durationMs,
        () => 1,
        meanMs,
        bucket.length,
      );
      expectAgreement(`${key} avg`, avg, truth[1], avgVariance);
    }
  });

  it("BubbleUp: each value's share of the selection and of the baseline", async () => {
    const dimensions = ["fields.http.route", "assignments.checkout", "status"];
    const [fullResult, sampledResult] = await both({
      kind: "bubbleup",
      selection: [{ field: "durationMs", op: ">", value: 150 }],
      dimensions,
      top: 50,
    });
    const dimensionValue = (row: Generated, dimension: number) =>
      dimension === 0 ? row.route : dimension === 1 ? row.variation : row.error ? "500" : "200";
    const keyOf = (row: unknown[]) => JSON.stringify([row[0], row[2]]);
    const sampledRows = new Map(sampledResult.rows.map((row) => [keyOf(row), row]));
    expect(fullResult.rows.length).toBeGreaterThanOrEqual(8);
    for (const truth of fullResult.rows) {
      const estimate = sampledRows.get(keyOf(truth)) ?? [];
      const dimension = dimensions.indexOf(String(truth[0]));
      for (const [side, column] of [
        [(row: Generated) => row.durationMs > 150, 3],
        [(row: Generated) => !(row.durationMs > 150), 4],
      ] as const) {
        const rows = traffic.filter(side);
        const share = rows.filter((row) => dimensionValue(row, dimension) === truth[2]).length / rows.length;
        const variance = samplingVariance(
          rows,
          (row) => (dimensionValue(row, dimension) === truth[2] ? 1 : 0),
          () => 1,
          share,
          rows.length,
        );
        expectAgreement(`${keyOf(truth)} share ${column}`, estimate[column], truth[column], variance);
      }
    }
  });
});

// ---- the experiment analysis ----

const DEFINITIONS: Record<string, Metric> = {
  revenue: {
    kind: "mean",
    aggregate: "sum",
    field: "fields.cart.value",
    where: [{ field: "name", op: "=", value: "checkout" }],
  },
  checkouts: { kind: "mean", aggregate: "count", where: [{ field: "name", op: "=", value: "checkout" }] },
  converted: { kind: "proportion", where: [{ field: "name", op: "=", value: "checkout" }] },
  "sql-ms-per-execution": {
    kind: "ratio",
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

function resolved(): ResolvedMetric[] {
  return Object.entries(DEFINITIONS).map(([key, metric]) => {
    const problems: { path: string; message: string }[] = [];
    const metricResolved = resolveMetric(key, metric, "", problems);
    expect(problems).toEqual([]);
    return metricResolved as ResolvedMetric;
  });
}

describe("the experiment analysis of sampled events agrees with the full traffic's", () => {
  let fullTotals: ExperimentMetricTotals;
  let sampledTotals: ExperimentMetricTotals;
  beforeAll(async () => {
    const scope = {
      environment: ENVIRONMENT,
      experiment: "checkout-exp",
      start: new Date(T0),
      end: new Date(T0 + 3_600_000),
      lookbackMicros: 0,
    };
    [fullTotals, sampledTotals] = await Promise.all([
      new ExperimentMetricsReader(full).read(scope, resolved(), ["A", "B"]),
      new ExperimentMetricsReader(sampled).read(scope, resolved(), ["A", "B"]),
    ]);
  });

  const totalsOf = (totals: ExperimentMetricTotals, variation: string, key: string): MetricTotals => {
    const found = totals.variations.find((row) => row.variation === variation)?.metrics[key];
    if (found === undefined) throw new Error(`no ${key} for ${variation}`);
    return found;
  };

  it("counts the same units (exposures are never sampled) and weights each metric's sums", () => {
    for (const variation of ["A", "B"] as const) {
      const rows = traffic.filter((row) => row.variation === variation);
      const fullVariation = fullTotals.variations.find((row) => row.variation === variation);
      expect(sampledTotals.variations.find((row) => row.variation === variation)?.units).toBe(fullVariation?.units);
      const sumOf = (totals: MetricTotals) => ("sum" in totals ? totals.sum : Number.NaN);
      const revenue = [totalsOf(sampledTotals, variation, "revenue"), totalsOf(fullTotals, variation, "revenue")];
      expectAgreement(
        `${variation} revenue`,
        sumOf(revenue[0] as MetricTotals),
        sumOf(revenue[1] as MetricTotals),
        samplingVariance(rows, (row) => row.cartValue ?? 0),
      );
      const checkouts = [totalsOf(sampledTotals, variation, "checkouts"), totalsOf(fullTotals, variation, "checkouts")];
      expectAgreement(
        `${variation} checkouts`,
        sumOf(checkouts[0] as MetricTotals),
        sumOf(checkouts[1] as MetricTotals),
        samplingVariance(rows, (row) => (isCheckout(row) ? 1 : 0)),
      );
      // A unit's conversion: exact when one of its checkouts was kept at full rate, else RATE × (its unit was kept).
      let conversionVariance = 0;
      const units = new Set(rows.map((row) => row.unit));
      for (const unit of units) {
        const own = rows.filter((row) => row.unit === unit && isCheckout(row));
        if (own.length > 0 && !own.some((row) => row.fullRate)) conversionVariance += RATE - 1;
      }
      const converted = totalsOf(sampledTotals, variation, "converted");
      expect(converted.kind).toBe("mean");
      expectAgreement(
        `${variation} converted`,
        sumOf(converted),
        sumOf(totalsOf(fullTotals, variation, "converted")),
        conversionVariance,
      );
      const ratioOf = (totals: MetricTotals) =>
        "numeratorSum" in totals ? totals.numeratorSum / totals.denominatorSum : Number.NaN;
      const sqlMs = rows.reduce((total, row) => total + row.sqlMs, 0);
      const sqlCount = rows.reduce((total, row) => total + row.sqlCount, 0);
      expectAgreement(
        `${variation} sql ms per execution`,
        ratioOf(totalsOf(sampledTotals, variation, "sql-ms-per-execution")),
        ratioOf(totalsOf(fullTotals, variation, "sql-ms-per-execution")),
        samplingVariance(
          rows,
          (row) => row.sqlMs,
          (row) => row.sqlCount,
          sqlMs / sqlCount,
          sqlCount,
        ),
      );
      const quantileOf = (totals: MetricTotals) => (totals.kind === "quantile" ? totals.quantile : Number.NaN);
      const requests = rows.filter((row) => !isCheckout(row));
      expectAgreement(
        `${variation} latency p50`,
        quantileOf(totalsOf(sampledTotals, variation, "latency-p50")),
        quantileOf(totalsOf(fullTotals, variation, "latency-p50")),
        quantileVariance(requests, (row) => row.durationMs, 0.5),
      );
    }
  });
});

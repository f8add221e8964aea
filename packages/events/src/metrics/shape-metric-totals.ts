import type { QueryRows } from "../store/event-store.js";
import { statisticNames } from "./experiment-metric-columns.js";
import type { ExperimentMetricTotals, MetricTotals, VariationTotals } from "./experiment-metric-totals.js";
import { quantileGrid } from "./quantile-grid.js";
import type { ResolvedMetric } from "./resolve-metric.js";

/** Turns the rows of a compiled experiment-metrics statement into totals per variation, zeros where none. */
export function shapeMetricTotals(
  metrics: readonly ResolvedMetric[],
  variations: readonly string[],
  result: QueryRows,
): ExperimentMetricTotals {
  let multipleExposureUnits = 0;
  const byVariation = new Map<string, VariationTotals>();
  for (const row of result.rows) {
    if (row[0] === "multiple") {
      multipleExposureUnits = numberAt(row, 2);
      continue;
    }
    const variation = String(row[1]);
    byVariation.set(variation, { variation, units: numberAt(row, 2), metrics: readMetrics(metrics, row) });
  }
  const ordered = variations.map((variation) => byVariation.get(variation) ?? emptyVariation(metrics, variation));
  // Exposures may name variations the current split no longer has: they are reported, not dropped.
  for (const [variation, totals] of byVariation) if (!variations.includes(variation)) ordered.push(totals);
  for (const metric of metrics) if (metric.kind === "proportion") analyseSampledAsMean(metric.key, ordered);
  return { variations: ordered, multipleExposureUnits };
}

/**
 * A conversion read from sampled events is a unit's weight (the number of events its converting event stands for,
 * the Horvitz–Thompson estimate of its 0/1 outcome), not 0 or 1: its mean is still the unbiased conversion rate,
 * but Bernoulli variance would understate the spread. When any unit's value is not 0 or 1 (its square differs from
 * it), the metric is analysed as a mean in every variation, whose variance comes from the values themselves.
 */
function analyseSampledAsMean(key: string, variations: readonly VariationTotals[]): void {
  const sampled = variations.some((variation) => {
    const totals = variation.metrics[key];
    return (
      totals?.kind === "proportion" &&
      (Math.abs(totals.sumSquares - totals.sum) > 1e-9 ||
        Math.abs(totals.covariateSumSquares - totals.covariateSum) > 1e-9)
    );
  });
  if (!sampled) return;
  for (const variation of variations) {
    const totals = variation.metrics[key];
    if (totals?.kind === "proportion") variation.metrics[key] = { ...totals, kind: "mean" };
  }
}

function readMetrics(metrics: readonly ResolvedMetric[], row: readonly unknown[]): Record<string, MetricTotals> {
  const out: Record<string, MetricTotals> = {};
  let at = 3;
  for (const metric of metrics) {
    const names = statisticNames(metric);
    const values: Record<string, unknown> = {};
    names.forEach((name, offset) => {
      values[name] = row[at + offset];
    });
    at += names.length;
    out[metric.key] = toTotals(metric, numberAt(row, 2), values);
  }
  return out;
}

function toTotals(metric: ResolvedMetric, units: number, values: Record<string, unknown>): MetricTotals {
  const n = (name: string) => finite(values[name]);
  const ratio = {
    units,
    numeratorSum: n("numeratorSum"),
    numeratorSumSquares: n("numeratorSumSquares"),
    denominatorSum: n("denominatorSum"),
    denominatorSumSquares: n("denominatorSumSquares"),
    numeratorDenominatorSum: n("numeratorDenominatorSum"),
  };
  switch (metric.kind) {
    case "proportion":
    case "mean":
      return {
        kind: metric.kind,
        units,
        sum: n("sum"),
        sumSquares: n("sumSquares"),
        covariateSum: n("covariateSum"),
        covariateSumSquares: n("covariateSumSquares"),
        valueCovariateSum: n("valueCovariateSum"),
      };
    case "ratio":
      return {
        kind: "ratio",
        ...ratio,
        preNumeratorSum: n("preNumeratorSum"),
        preNumeratorSumSquares: n("preNumeratorSumSquares"),
        preDenominatorSum: n("preDenominatorSum"),
        preDenominatorSumSquares: n("preDenominatorSumSquares"),
        preNumeratorPreDenominatorSum: n("preNumeratorPreDenominatorSum"),
        numeratorPreNumeratorSum: n("numeratorPreNumeratorSum"),
        denominatorPreDenominatorSum: n("denominatorPreDenominatorSum"),
        numeratorPreDenominatorSum: n("numeratorPreDenominatorSum"),
        denominatorPreNumeratorSum: n("denominatorPreNumeratorSum"),
      };
    case "quantile": {
      const quantile = values["quantile"];
      const gridValues = Array.isArray(values["quantileGrid"]) ? (values["quantileGrid"] as unknown[]) : [];
      const grid = quantileGrid(metric.level)
        .map((rank, index) => ({ rank, value: Number(gridValues[index]) }))
        .filter((point) => Number.isFinite(point.value));
      const estimate = typeof quantile === "number" && Number.isFinite(quantile) ? quantile : null;
      return { kind: "quantile", ...ratio, quantile: estimate, events: n("events"), eventUnits: n("eventUnits"), grid };
    }
  }
}

function emptyVariation(metrics: readonly ResolvedMetric[], variation: string): VariationTotals {
  return { variation, units: 0, metrics: readMetrics(metrics, ["variation", variation, 0]) };
}

function numberAt(row: readonly unknown[], index: number): number {
  return finite(row[index]);
}

// NULL (no unit, no event) is 0 for a sum; the engine never returns NaN for sums of finite values.
function finite(value: unknown): number {
  const number = typeof value === "number" ? value : Number(value ?? 0);
  return Number.isFinite(number) ? number : 0;
}

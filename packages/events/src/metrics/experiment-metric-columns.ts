import type { ResolvedMetric } from "./resolve-metric.js";

const PAIR = ["sum", "sumSquares", "covariateSum", "covariateSumSquares", "valueCovariateSum"] as const;
const RATIO = [
  "numeratorSum",
  "numeratorSumSquares",
  "denominatorSum",
  "denominatorSumSquares",
  "numeratorDenominatorSum",
] as const;
const RATIO_WITH_COVARIATES = [
  ...RATIO,
  "preNumeratorSum",
  "preNumeratorSumSquares",
  "preDenominatorSum",
  "preDenominatorSumSquares",
  "preNumeratorPreDenominatorSum",
  "numeratorPreNumeratorSum",
  "denominatorPreDenominatorSum",
  "numeratorPreDenominatorSum",
  "denominatorPreNumeratorSum",
] as const;
const QUANTILE = ["quantile", "quantileGrid", "events", "eventUnits", ...RATIO] as const;

/** The statistics a metric's kind contributes to each row, in column order. */
export function statisticNames(metric: ResolvedMetric): readonly string[] {
  switch (metric.kind) {
    case "proportion":
    case "mean":
      return PAIR;
    case "ratio":
      return RATIO_WITH_COVARIATES;
    case "quantile":
      return QUANTILE;
  }
}

/**
 * The columns of a compiled experiment-metrics statement: `row_kind` (`variation`, or `multiple` for the one row
 * counting units exposed to several variations), `variation`, `units`, then each metric's statistics as
 * `<metric key>.<statistic>`.
 */
export function experimentMetricColumns(metrics: readonly ResolvedMetric[]): string[] {
  const columns = ["row_kind", "variation", "units"];
  for (const metric of metrics) columns.push(...statisticNames(metric).map((name) => `${metric.key}.${name}`));
  return columns;
}

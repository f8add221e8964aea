import type { MetricResult } from "@switchboard/core";
import { adjustedInterval, adjustPValues } from "@switchboard/stats";

/** A multiple-comparison correction as the API names it. */
export type ResultsCorrection = "none" | "holm" | "bh";

/**
 * Adjusts every p-value across metrics × treatments (Holm–Bonferroni or Benjamini–Hochberg), and widens each
 * relative interval to match its adjusted p-value; significance is then judged on the adjusted value. Bayesian
 * results carry no p-values and pass unchanged.
 */
export function applyCorrection(
  metrics: readonly MetricResult[],
  correction: ResultsCorrection,
  confidenceLevel: number,
): MetricResult[] {
  if (correction === "none") return [...metrics];
  const tested = metrics.flatMap((metric, m) =>
    metric.variations.flatMap((variation, v) => (variation.pValue === null ? [] : [{ m, v, p: variation.pValue }])),
  );
  const adjusted = adjustPValues(
    tested.map((test) => test.p),
    correction === "holm" ? "holm" : "benjamini-hochberg",
  );
  const copy = metrics.map((metric) => ({
    ...metric,
    variations: metric.variations.map((variation) => ({ ...variation })),
  }));
  tested.forEach((test, i) => {
    const variation = copy[test.m]?.variations[test.v];
    const pValue = adjusted[i];
    if (variation === undefined || pValue === undefined) return;
    variation.pValue = pValue;
    variation.significant = pValue < 1 - confidenceLevel;
    const change = variation.change;
    const interval = change === null ? null : adjustedInterval(change.relative, pValue, confidenceLevel);
    if (change !== null && interval !== null) variation.change = { ...change, ...interval };
  });
  return copy;
}

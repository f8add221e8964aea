import { normalQuantile } from "../normal-quantile.js";

/** Holm–Bonferroni controls the family-wise error rate; Benjamini–Hochberg the false discovery rate. */
export type CorrectionMethod = "holm" | "benjamini-hochberg";

/**
 * Adjusted p-values, in the order given. Holm (Scand. J. Statist. 6, 1979): sort ascending, p₍ᵢ₎·(m − i) for
 * i = 0…m−1, then a running maximum. Benjamini–Hochberg (JRSS B 57, 1995): sort descending, p·m/(m − i), then a
 * running minimum. Both capped at 1; the same steps as GrowthBook's `adjustPValuesHolmBonferroni` /
 * `adjustPValuesBenjaminiHochberg` and statsmodels' `multipletests("holm" | "fdr_bh")`.
 * @example adjustPValues([0.01, 0.04, 0.03], "holm") // [0.03, 0.06, 0.06]
 */
export function adjustPValues(pValues: readonly number[], method: CorrectionMethod): number[] {
  const m = pValues.length;
  const adjusted = new Array<number>(m).fill(1);
  const order = pValues.map((p, index) => ({ p, index }));
  if (method === "holm") {
    order.sort((a, b) => a.p - b.p);
    let runningMax = 0;
    order.forEach(({ p, index }, i) => {
      runningMax = Math.max(runningMax, Math.min(1, p * (m - i)));
      adjusted[index] = runningMax;
    });
  } else {
    order.sort((a, b) => b.p - a.p);
    let runningMin = 1;
    order.forEach(({ p, index }, i) => {
      runningMin = Math.min(runningMin, (p * m) / (m - i));
      adjusted[index] = runningMin;
    });
  }
  return adjusted;
}

/**
 * An interval that matches an adjusted p-value, the way GrowthBook draws one (an approximation, not a
 * simultaneous interval): sd = |estimate|/Φ⁻¹(1 − p_adj/2), then estimate ± Φ⁻¹(1 − α/2)·sd. Null when the
 * adjusted p-value is 1 or the estimate 0, where no finite interval corresponds.
 */
export function adjustedInterval(
  estimate: number,
  adjustedPValue: number,
  confidenceLevel: number,
): { readonly ciLow: number; readonly ciHigh: number } | null {
  const zAdjusted = normalQuantile(1 - adjustedPValue / 2);
  if (!(zAdjusted > 0) || estimate === 0 || !Number.isFinite(zAdjusted)) return null;
  const sd = Math.abs(estimate) / zAdjusted;
  const halfWidth = normalQuantile(1 - (1 - confidenceLevel) / 2) * sd;
  return { ciLow: estimate - halfWidth, ciHigh: estimate + halfWidth };
}

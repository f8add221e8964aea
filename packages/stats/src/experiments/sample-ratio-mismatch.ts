import { chiSquareSurvival } from "../distributions/chi-square.js";

/** The p-value below which a split is flagged as mismatched, the convention of GrowthBook, Eppo and Microsoft. */
export const SRM_P_VALUE_THRESHOLD = 0.001;

/** One variation: its key, the units observed in it and its configured weight (any positive scale, e.g. 50/50). */
export interface SplitObservation {
  readonly variation: string;
  readonly units: number;
  readonly weight: number;
}

export interface SampleRatioMismatch {
  /** Pearson's χ² statistic; null when it cannot be computed (see `notEnoughData`). */
  readonly chiSquare: number | null;
  readonly degreesOfFreedom: number;
  readonly pValue: number | null;
  /** Units expected per variation from the weights and the total. */
  readonly expected: Readonly<Record<string, number>>;
  readonly observed: Readonly<Record<string, number>>;
  /** True when p < the threshold: the split the users got is not the configured one, so results are suspect. */
  readonly mismatch: boolean;
  readonly notEnoughData?: { readonly reason: string };
}

/**
 * Sample-ratio mismatch: Pearson's χ² goodness-of-fit of the observed units against the configured weights,
 * χ² = Σ (o − e)²/e with k − 1 degrees of freedom, p = P(χ²_{k−1} > χ²), flagged when p < 0.001 (by default).
 * A variation with weight 0 is left out of the test when it has no units; if it has units the split is
 * mismatched by construction (p = 0).
 * @example sampleRatioMismatch([{variation:"a",units:5000,weight:1},{variation:"b",units:5200,weight:1}]).pValue // 0.0477
 */
export function sampleRatioMismatch(
  variations: readonly SplitObservation[],
  threshold = SRM_P_VALUE_THRESHOLD,
): SampleRatioMismatch {
  const observed = Object.fromEntries(variations.map((v) => [v.variation, v.units]));
  const total = variations.reduce((sum, v) => sum + v.units, 0);
  const weighted = variations.filter((v) => v.weight > 0);
  const totalWeight = weighted.reduce((sum, v) => sum + v.weight, 0);
  const expected = Object.fromEntries(
    variations.map((v) => [v.variation, v.weight > 0 ? (total * v.weight) / totalWeight : 0]),
  );
  const invalid = variations.find((v) => !(Number.isFinite(v.units) && v.units >= 0 && Number.isFinite(v.weight)));
  const base = { expected, observed, degreesOfFreedom: Math.max(0, weighted.length - 1) };
  if (invalid || variations.some((v) => v.weight < 0)) {
    return { ...base, chiSquare: null, pValue: null, mismatch: false, notEnoughData: { reason: "invalid-input" } };
  }
  if (variations.some((v) => v.weight === 0 && v.units > 0)) {
    return { ...base, chiSquare: null, pValue: 0, mismatch: true };
  }
  if (total === 0 || weighted.length < 2) {
    const reason = total === 0 ? "no-units" : "fewer-than-two-variations";
    return { ...base, chiSquare: null, pValue: null, mismatch: false, notEnoughData: { reason } };
  }
  const chiSquare = weighted.reduce((sum, v) => {
    const e = expected[v.variation] ?? 0;
    return sum + (v.units - e) ** 2 / e;
  }, 0);
  const pValue = chiSquareSurvival(chiSquare, base.degreesOfFreedom);
  return { ...base, chiSquare, pValue, mismatch: pValue < threshold };
}

/**
 * The sums the store sends per variation: the store aggregates events per unit, then units per variation, so only
 * these reach the statistics (never one row per unit).
 */

/** A mean or proportion metric: per unit a value x (0 or 1 for a proportion), summed over the variation's units. */
export interface MeanSums {
  /** Exposed units in the variation. */
  readonly units: number;
  /** Σ x over units. */
  readonly sum: number;
  /** Σ x² over units (equal to `sum` for a proportion; ignored there). */
  readonly sumSquares: number;
}

/** A ratio metric Σ numerator / Σ denominator, with per-unit numerator M and denominator D. */
export interface RatioSums {
  readonly units: number;
  readonly numeratorSum: number;
  readonly numeratorSumSquares: number;
  readonly denominatorSum: number;
  readonly denominatorSumSquares: number;
  /** Σ M·D over units. */
  readonly numeratorDenominatorSum: number;
}

/** The pre-exposure covariate X of each unit (for CUPED), summed with the metric value x of the same unit. */
export interface CovariateSums {
  readonly covariateSum: number;
  readonly covariateSumSquares: number;
  /** Σ x·X over units. */
  readonly valueCovariateSum: number;
}

/**
 * What one variation contributes to a comparison: its (possibly CUPED-adjusted) estimate and the per-unit variance
 * of that estimate, so that Var(mean) = variance / units. `baseline*` describe the unadjusted mean, the denominator
 * of the relative change; without CUPED they equal the adjusted ones.
 */
export interface ArmEstimate {
  readonly units: number;
  readonly mean: number;
  readonly variance: number;
  readonly baselineMean: number;
  readonly baselineVariance: number;
  /** Per-unit covariance of the adjusted and the unadjusted mean. */
  readonly baselineCovariance: number;
}

/** An arm without adjustment: the baseline is the estimate itself. */
export function plainArm(units: number, mean: number, variance: number): ArmEstimate {
  return { units, mean, variance, baselineMean: mean, baselineVariance: variance, baselineCovariance: variance };
}

/**
 * The unbiased sample covariance from sums, Σxy/(n−1) − ΣxΣy/(n(n−1)); a variance when x = y. Rounding in the
 * sums can leave a tiny negative variance where the true one is 0: callers clamp variances at 0.
 */
export function sampleCovariance(units: number, sumX: number, sumY: number, sumXY: number): number {
  return (sumXY - (sumX * sumY) / units) / (units - 1);
}

/** The sample variance of a mean metric's unit values (n − 1 in the denominator), never below 0. */
export function meanArm(sums: MeanSums): ArmEstimate {
  const variance = Math.max(0, sampleCovariance(sums.units, sums.sum, sums.sum, sums.sumSquares));
  return plainArm(sums.units, sums.sum / sums.units, variance);
}

/** A proportion arm: p = Σx/n with the Bernoulli variance p(1 − p), as the two-proportion z test uses. */
export function proportionArm(sums: Pick<MeanSums, "units" | "sum">): ArmEstimate {
  const p = sums.sum / sums.units;
  return plainArm(sums.units, p, p * (1 - p));
}

/**
 * A ratio arm: r = ΣM/ΣD with the delta-method per-unit variance
 * Var(M)/D̄² + Var(D)·M̄²/D̄⁴ − 2·Cov(M, D)·M̄/D̄³ (Deng, Knoblich & Lu, "Applying the delta method in metric
 * analytics", KDD 2018, §3; GrowthBook's `variance_of_ratios`). The caller ensures ΣD ≠ 0.
 */
export function ratioArm(sums: RatioSums): ArmEstimate {
  const n = sums.units;
  const m = sums.numeratorSum / n;
  const d = sums.denominatorSum / n;
  const varM = Math.max(0, sampleCovariance(n, sums.numeratorSum, sums.numeratorSum, sums.numeratorSumSquares));
  const varD = Math.max(0, sampleCovariance(n, sums.denominatorSum, sums.denominatorSum, sums.denominatorSumSquares));
  const cov = sampleCovariance(n, sums.numeratorSum, sums.denominatorSum, sums.numeratorDenominatorSum);
  const variance = varM / d ** 2 + (varD * m ** 2) / d ** 4 - (2 * cov * m) / d ** 3;
  return plainArm(n, sums.numeratorSum / sums.denominatorSum, Math.max(0, variance));
}

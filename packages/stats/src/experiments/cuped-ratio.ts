import { type ArmEstimate, type RatioSums, sampleCovariance } from "./sufficient-statistics.js";

/**
 * The pre-exposure numerator M' and denominator D' of each unit for CUPED on a ratio metric (e.g. last fortnight's
 * SQL ms and SQL count), with the cross products against this period's M and D.
 */
export interface RatioCovariateSums {
  readonly preNumeratorSum: number;
  readonly preNumeratorSumSquares: number;
  readonly preDenominatorSum: number;
  readonly preDenominatorSumSquares: number;
  /** Σ M·M'. */
  readonly numeratorPreNumeratorSum: number;
  /** Σ D·D'. */
  readonly denominatorPreDenominatorSum: number;
  /** Σ M'·D'. */
  readonly preNumeratorPreDenominatorSum: number;
  /** Σ M·D'. */
  readonly numeratorPreDenominatorSum: number;
  /** Σ D·M'. */
  readonly denominatorPreNumeratorSum: number;
}

export type CupedRatioSums = RatioSums & RatioCovariateSums;

type Vector = readonly [number, number, number, number];

/** Means of (M, D, M', D') and their 4×4 per-unit sample covariance matrix. */
function moments(s: CupedRatioSums): { mean: Vector; covariance: Vector[] } {
  const n = s.units;
  const sums: Vector = [s.numeratorSum, s.denominatorSum, s.preNumeratorSum, s.preDenominatorSum];
  const products: Vector[] = [
    [s.numeratorSumSquares, s.numeratorDenominatorSum, s.numeratorPreNumeratorSum, s.numeratorPreDenominatorSum],
    [s.numeratorDenominatorSum, s.denominatorSumSquares, s.denominatorPreNumeratorSum, s.denominatorPreDenominatorSum],
    [
      s.numeratorPreNumeratorSum,
      s.denominatorPreNumeratorSum,
      s.preNumeratorSumSquares,
      s.preNumeratorPreDenominatorSum,
    ],
    [
      s.numeratorPreDenominatorSum,
      s.denominatorPreDenominatorSum,
      s.preNumeratorPreDenominatorSum,
      s.preDenominatorSumSquares,
    ],
  ];
  const covariance = products.map(
    (row, i) => row.map((product, j) => sampleCovariance(n, sums[i] ?? 0, sums[j] ?? 0, product)) as unknown as Vector,
  );
  return { mean: sums.map((sum) => sum / n) as unknown as Vector, covariance };
}

function quadratic(a: Vector, matrix: readonly Vector[], b: Vector): number {
  let total = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) total += (a[i] ?? 0) * (matrix[i]?.[j] ?? 0) * (b[j] ?? 0);
  return total;
}

/** Gradient of M̄/D̄ − θ·M̄'/D̄' with respect to (M̄, D̄, M̄', D̄'). */
function gradient(mean: Vector, theta: number): Vector {
  const [m, d, mPre, dPre] = mean;
  return [1 / d, -m / d ** 2, -theta / dPre, (theta * mPre) / dPre ** 2];
}

const POST_ONLY = (mean: Vector): Vector => [1 / mean[1], -mean[0] / mean[1] ** 2, 0, 0];
const PRE_ONLY = (mean: Vector): Vector => [0, 0, 1 / mean[3], -mean[2] / mean[3] ** 2];

/**
 * θ for a ratio metric: Cov(r, r')/Var(r') of the linearised ratios this period (r = M/D) and before (r' = M'/D'),
 * the per-arm covariances and variances summed over both arms, as GrowthBook's
 * `compute_theta_regression_adjusted_ratio` (per-unit moments, unweighted by arm size). 0 when the pre-period ratio
 * does not vary.
 */
export function cupedRatioTheta(control: CupedRatioSums, treatment: CupedRatioSums): number {
  let covariance = 0;
  let variance = 0;
  for (const arm of [control, treatment]) {
    const { mean, covariance: matrix } = moments(arm);
    covariance += quadratic(PRE_ONLY(mean), matrix, POST_ONLY(mean));
    variance += quadratic(PRE_ONLY(mean), matrix, PRE_ONLY(mean));
  }
  return variance > 0 ? covariance / variance : 0;
}

/**
 * A ratio arm adjusted by CUPED: r − θr' with the delta-method variance ∇ᵀΛ∇ over (M̄, D̄, M̄', D̄') (Deng et al.
 * 2013 with Deng, Knoblich & Lu 2018; GrowthBook's `RegressionAdjustedRatioStatistic`); the unadjusted r is the
 * baseline of the relative change. The caller ensures ΣD ≠ 0 and ΣD' ≠ 0.
 */
export function cupedRatioArm(sums: CupedRatioSums, theta: number): ArmEstimate {
  const { mean, covariance } = moments(sums);
  const adjusted = gradient(mean, theta);
  const post = POST_ONLY(mean);
  return {
    units: sums.units,
    mean: mean[0] / mean[1] - (theta * mean[2]) / mean[3],
    variance: Math.max(0, quadratic(adjusted, covariance, adjusted)),
    baselineMean: sums.numeratorSum / sums.denominatorSum,
    baselineVariance: Math.max(0, quadratic(post, covariance, post)),
    baselineCovariance: quadratic(adjusted, covariance, post),
  };
}

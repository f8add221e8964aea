import { type ArmEstimate, type CovariateSums, type MeanSums, sampleCovariance } from "./sufficient-statistics.js";

/** A variation's metric sums together with its pre-exposure covariate sums. */
export type CupedSums = MeanSums & CovariateSums;

/** Proportions use the population moments (÷ n) like the Bernoulli variance p(1 − p); means the sample ones (÷ n − 1). */
export type CupedKind = "mean" | "proportion";

interface Moments {
  readonly meanY: number;
  readonly meanX: number;
  readonly varY: number;
  readonly varX: number;
  readonly covXY: number;
}

function momentsOf(kind: CupedKind, s: CupedSums): Moments {
  const n = s.units;
  const meanY = s.sum / n;
  const meanX = s.covariateSum / n;
  if (kind === "proportion") {
    return {
      meanY,
      meanX,
      varY: meanY * (1 - meanY),
      varX: Math.max(0, s.covariateSumSquares / n - meanX * meanX),
      covXY: s.valueCovariateSum / n - meanY * meanX,
    };
  }
  return {
    meanY,
    meanX,
    varY: Math.max(0, sampleCovariance(n, s.sum, s.sum, s.sumSquares)),
    varX: Math.max(0, sampleCovariance(n, s.covariateSum, s.covariateSum, s.covariateSumSquares)),
    covXY: sampleCovariance(n, s.sum, s.covariateSum, s.valueCovariateSum),
  };
}

/**
 * CUPED's θ = Cov(Y, X)/Var(X), pooled over both arms (Deng, Xu, Kohavi & Walker, "Improving the sensitivity of
 * online controlled experiments by utilizing pre-experiment data", WSDM 2013, eq. 4; pooled as GrowthBook's
 * `compute_theta` does, so θ does not depend on the treatment). 0 when either variance is 0.
 */
export function cupedTheta(kind: CupedKind, control: CupedSums, treatment: CupedSums): number {
  const joint: CupedSums = {
    units: control.units + treatment.units,
    sum: control.sum + treatment.sum,
    sumSquares: control.sumSquares + treatment.sumSquares,
    covariateSum: control.covariateSum + treatment.covariateSum,
    covariateSumSquares: control.covariateSumSquares + treatment.covariateSumSquares,
    valueCovariateSum: control.valueCovariateSum + treatment.valueCovariateSum,
  };
  const m = momentsOf(kind, joint);
  return m.varX > 0 && m.varY > 0 ? m.covXY / m.varX : 0;
}

/**
 * One arm adjusted by CUPED: mean Ȳ − θX̄, per-unit variance σ²_Y + θ²σ²_X − 2θσ_XY (Deng et al. 2013); the
 * unadjusted Ȳ stays the baseline of the relative change, with Cov(Ȳ − θX̄, Ȳ)·n = σ²_Y − θσ_XY.
 */
export function cupedArm(kind: CupedKind, sums: CupedSums, theta: number): ArmEstimate {
  const m = momentsOf(kind, sums);
  return {
    units: sums.units,
    mean: m.meanY - theta * m.meanX,
    variance: Math.max(0, m.varY + theta * theta * m.varX - 2 * theta * m.covXY),
    baselineMean: m.meanY,
    baselineVariance: m.varY,
    baselineCovariance: m.varY - theta * m.covXY,
  };
}

/**
 * The share of the variance of the absolute difference that CUPED removed: 1 − Var_adjusted/Var_unadjusted (about
 * ρ²(X, Y) with a pooled θ; 0 when the covariate says nothing, never reported below 0).
 */
export function cupedVarianceReduction(
  unadjusted: readonly [ArmEstimate, ArmEstimate],
  adjusted: readonly [ArmEstimate, ArmEstimate],
): number {
  const varianceOf = (arms: readonly [ArmEstimate, ArmEstimate]) =>
    arms[0].variance / arms[0].units + arms[1].variance / arms[1].units;
  const before = varianceOf(unadjusted);
  return before > 0 ? Math.max(0, 1 - varianceOf(adjusted) / before) : 0;
}

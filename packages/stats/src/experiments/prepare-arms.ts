import type { ComparisonInput } from "./comparison-input.js";
import { type CupedSums, cupedArm, cupedTheta, cupedVarianceReduction } from "./cuped.js";
import { type CupedRatioSums, cupedRatioArm, cupedRatioTheta, type RatioCovariateSums } from "./cuped-ratio.js";
import type { ReferenceDistribution } from "./frequentist.js";
import { quantileArm } from "./quantile.js";
import {
  type ArmEstimate,
  type CovariateSums,
  type MeanSums,
  meanArm,
  proportionArm,
  type RatioSums,
  ratioArm,
} from "./sufficient-statistics.js";

/** Both arms reduced to estimates, the distribution to test them with, and what CUPED did. */
export interface PreparedArms {
  readonly control: ArmEstimate;
  readonly treatment: ArmEstimate;
  readonly distribution: ReferenceDistribution;
  readonly cuped?: { readonly theta: number; readonly varianceReduction: number };
  readonly cupedSkipped?: string;
}

/** Turns validated sums into arm estimates, applying CUPED when asked and possible. */
export function prepareArms(input: ComparisonInput): PreparedArms {
  switch (input.kind) {
    case "ratio":
      return prepareRatioArms(input.control, input.treatment, input.cuped ?? false);
    case "quantile":
      return {
        control: quantileArm(input.control),
        treatment: quantileArm(input.treatment),
        distribution: "normal",
        ...skipped(input.cuped, "CUPED does not apply to quantile metrics"),
      };
    default: {
      const arm = input.kind === "proportion" ? proportionArm : meanArm;
      const plain = { control: arm(input.control), treatment: arm(input.treatment) };
      const distribution: ReferenceDistribution = input.kind === "proportion" ? "normal" : "student-t";
      if (!input.cuped) return { ...plain, distribution };
      const control = withCovariate(input.control);
      const treatment = withCovariate(input.treatment);
      if (!control || !treatment)
        return { ...plain, distribution, cupedSkipped: "the pre-exposure covariate sums are missing" };
      const theta = cupedTheta(input.kind, control, treatment);
      const adjusted = {
        control: cupedArm(input.kind, control, theta),
        treatment: cupedArm(input.kind, treatment, theta),
      };
      const varianceReduction = cupedVarianceReduction(
        [plain.control, plain.treatment],
        [adjusted.control, adjusted.treatment],
      );
      return { ...adjusted, distribution, cuped: { theta, varianceReduction } };
    }
  }
}

function prepareRatioArms(
  controlSums: RatioSums & Partial<RatioCovariateSums>,
  treatmentSums: RatioSums & Partial<RatioCovariateSums>,
  cuped: boolean,
): PreparedArms {
  const plain = {
    control: ratioArm(controlSums),
    treatment: ratioArm(treatmentSums),
    distribution: "student-t" as const,
  };
  if (!cuped) return plain;
  const control = withRatioCovariate(controlSums);
  const treatment = withRatioCovariate(treatmentSums);
  if (!control || !treatment)
    return { ...plain, cupedSkipped: "the pre-exposure numerator and denominator sums are missing" };
  if (control.preDenominatorSum === 0 || treatment.preDenominatorSum === 0) {
    return { ...plain, cupedSkipped: "the pre-exposure denominator sums to 0" };
  }
  const theta = cupedRatioTheta(control, treatment);
  const adjusted = { control: cupedRatioArm(control, theta), treatment: cupedRatioArm(treatment, theta) };
  const varianceReduction = cupedVarianceReduction(
    [plain.control, plain.treatment],
    [adjusted.control, adjusted.treatment],
  );
  return { ...adjusted, distribution: "student-t", cuped: { theta, varianceReduction } };
}

function withRatioCovariate(sums: RatioSums & Partial<RatioCovariateSums>): CupedRatioSums | null {
  const fields = [
    sums.preNumeratorSum,
    sums.preNumeratorSumSquares,
    sums.preDenominatorSum,
    sums.preDenominatorSumSquares,
    sums.numeratorPreNumeratorSum,
    sums.denominatorPreDenominatorSum,
    sums.preNumeratorPreDenominatorSum,
    sums.numeratorPreDenominatorSum,
    sums.denominatorPreNumeratorSum,
  ];
  return fields.every((value) => value !== undefined) ? (sums as CupedRatioSums) : null;
}

function skipped(cuped: boolean | undefined, reason: string): { cupedSkipped?: string } {
  return cuped ? { cupedSkipped: reason } : {};
}

function withCovariate(sums: MeanSums & Partial<CovariateSums>): CupedSums | null {
  const { covariateSum, covariateSumSquares, valueCovariateSum } = sums;
  if (covariateSum === undefined || covariateSumSquares === undefined || valueCovariateSum === undefined) return null;
  return {
    units: sums.units,
    sum: sums.sum,
    sumSquares: sums.sumSquares,
    covariateSum,
    covariateSumSquares,
    valueCovariateSum,
  };
}

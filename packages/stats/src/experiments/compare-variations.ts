import {
  type BayesianResult,
  type GaussianPrior,
  gaussianPosterior,
  type MetricDirection,
  type Risk,
} from "./bayesian.js";
import { DEFAULT_CONFIDENCE_LEVEL, isConfidenceLevel } from "./confidence-level.js";
import { type CupedSums, cupedArm, cupedTheta, cupedVarianceReduction } from "./cuped.js";
import { type CupedRatioSums, cupedRatioArm, cupedRatioTheta, type RatioCovariateSums } from "./cuped-ratio.js";
import { type Effect, estimateEffect } from "./effect.js";
import { type FixedHorizonResult, fixedHorizonTest, type ReferenceDistribution } from "./frequentist.js";
import { invalidField, type NotEnoughData, tooFewUnits } from "./not-enough-data.js";
import { type QuantileSums, quantileArm } from "./quantile.js";
import { DEFAULT_SEQUENTIAL_TUNING, sequentialTest } from "./sequential.js";
import {
  type ArmEstimate,
  type CovariateSums,
  type MeanSums,
  meanArm,
  proportionArm,
  type RatioSums,
  ratioArm,
} from "./sufficient-statistics.js";

export type MetricKind = "proportion" | "mean" | "ratio" | "quantile";
export type AnalysisMethod = "frequentist" | "bayesian" | "sequential";

interface CommonOptions {
  /** Default "frequentist". */
  readonly method?: AnalysisMethod;
  /** Default 0.95. */
  readonly confidenceLevel?: number;
  /** Sequential only: N*, the total units where the interval is tightest. Default 5,000 (GrowthBook's). */
  readonly sequentialTuning?: number;
  /** Bayesian only: a normal prior on the relative lift. Default: flat. */
  readonly prior?: GaussianPrior;
  /** Which way is better, for the chance to win and the risk. Default "higher". */
  readonly direction?: MetricDirection;
}

/** The input of `compareVariations`: the sums of the control and of one treatment, by metric kind. */
export type ComparisonInput = CommonOptions &
  (
    | {
        readonly kind: "mean" | "proportion";
        readonly control: MeanSums & Partial<CovariateSums>;
        readonly treatment: MeanSums & Partial<CovariateSums>;
        /** Adjust with the pre-exposure covariate (needs the covariate sums on both arms). */
        readonly cuped?: boolean;
      }
    | {
        readonly kind: "ratio";
        readonly control: RatioSums & Partial<RatioCovariateSums>;
        readonly treatment: RatioSums & Partial<RatioCovariateSums>;
        /** Adjust with the pre-exposure numerator and denominator (needs their sums on both arms). */
        readonly cuped?: boolean;
      }
    | {
        readonly kind: "quantile";
        readonly control: QuantileSums;
        readonly treatment: QuantileSums;
        readonly cuped?: boolean;
      }
  );

/** A variation's size and metric value (rate, mean, ratio or quantile); value null when there is none. */
export interface ArmValue {
  readonly units: number;
  readonly value: number | null;
}

interface ComparisonBase {
  readonly kind: MetricKind;
  readonly method: AnalysisMethod;
  readonly confidenceLevel: number;
  readonly control: ArmValue;
  readonly treatment: ArmValue;
}

/** A computed comparison: every number finite. `ciLow`/`ciHigh` bound the relative change. */
export interface ComparisonEstimate extends ComparisonBase {
  readonly absolute: number;
  readonly relative: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly absoluteCiLow: number;
  readonly absoluteCiHigh: number;
  /** Standard errors of the relative and the absolute change (for power and multiple-comparison intervals). */
  readonly relativeStandardError: number;
  readonly absoluteStandardError: number;
  /** Frequentist and sequential: the two-sided p-value of "no difference". */
  readonly pValue?: number;
  /** Bayesian: P(treatment better), and the expected relative loss of shipping each arm. */
  readonly chanceToWin?: number;
  readonly risk?: Risk;
  /** With CUPED applied: θ and the share of the variance it removed. */
  readonly theta?: number;
  readonly varianceReduction?: number;
  /** Why CUPED was asked for and not applied. */
  readonly cupedSkipped?: string;
  readonly notEnoughData?: undefined;
}

/** No numbers, and why: the same keys as an estimate, with nulls, so the JSON shape never changes. */
export interface ComparisonWithoutEstimate extends ComparisonBase {
  readonly absolute: null;
  readonly relative: null;
  readonly ciLow: null;
  readonly ciHigh: null;
  readonly absoluteCiLow: null;
  readonly absoluteCiHigh: null;
  readonly relativeStandardError: null;
  readonly absoluteStandardError: null;
  readonly pValue?: undefined;
  readonly chanceToWin?: undefined;
  readonly risk?: undefined;
  readonly theta?: undefined;
  readonly varianceReduction?: undefined;
  readonly cupedSkipped?: undefined;
  readonly notEnoughData: NotEnoughData;
}

export type Comparison = ComparisonEstimate | ComparisonWithoutEstimate;

interface PreparedArms {
  readonly control: ArmEstimate;
  readonly treatment: ArmEstimate;
  readonly distribution: ReferenceDistribution;
  readonly cuped?: { readonly theta: number; readonly varianceReduction: number };
  readonly cupedSkipped?: string;
}

/**
 * Compares one treatment with the control for one metric from the store's sums: the absolute and relative change
 * with intervals, and a p-value (frequentist, sequential) or chance to win and risk (Bayesian). Never throws and
 * never returns NaN or Infinity: when the data cannot support an estimate (no units, one unit, zero variance, a
 * zero control mean or denominator, a non-finite input) the answer carries `notEnoughData` with the reason.
 * @example compareVariations({ kind: "proportion", control: { units: 1000, sum: 100, sumSquares: 100 },
 *   treatment: { units: 1000, sum: 130, sumSquares: 130 } }).relative // 0.3
 */
export function compareVariations(input: ComparisonInput): Comparison {
  const method = input.method ?? "frequentist";
  const confidenceLevel = input.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL;
  const base = {
    kind: input.kind,
    method,
    confidenceLevel,
    control: armValue(input, "control"),
    treatment: armValue(input, "treatment"),
  };
  const problem = checkInput(input, confidenceLevel);
  if (problem) return withoutEstimate(base, problem);
  const arms = prepareArms(input);
  if (arms.control.baselineMean === 0) {
    return withoutEstimate(base, {
      reason: "zero-control-mean",
      message: "the control's value is 0, so a relative change is undefined",
    });
  }
  const absolute = estimateEffect(arms.control, arms.treatment, "absolute");
  const relative = estimateEffect(arms.control, arms.treatment, "relative");
  if (!(absolute.standardError > 0) || !(relative.standardError > 0)) {
    return withoutEstimate(base, {
      reason: "zero-variance",
      message: "every unit has the same value in both variations, so there is no variance to test against",
    });
  }
  const inference = infer(input, method, confidenceLevel, arms.distribution, absolute, relative);
  const result: ComparisonEstimate = {
    ...base,
    absolute: absolute.estimate,
    relative: relative.estimate,
    ciLow: inference.relative.ciLow,
    ciHigh: inference.relative.ciHigh,
    absoluteCiLow: inference.absolute.ciLow,
    absoluteCiHigh: inference.absolute.ciHigh,
    relativeStandardError: relative.standardError,
    absoluteStandardError: absolute.standardError,
    ...inference.extra,
    ...(arms.cuped ? { theta: arms.cuped.theta, varianceReduction: arms.cuped.varianceReduction } : {}),
    ...(arms.cupedSkipped ? { cupedSkipped: arms.cupedSkipped } : {}),
  };
  return allFinite(result)
    ? result
    : withoutEstimate(base, { reason: "zero-variance", message: "the variance is too small to compute an interval" });
}

function infer(
  input: ComparisonInput,
  method: AnalysisMethod,
  confidenceLevel: number,
  distribution: ReferenceDistribution,
  absolute: Effect,
  relative: Effect,
): {
  relative: FixedHorizonResult | BayesianResult;
  absolute: FixedHorizonResult | BayesianResult;
  extra: Partial<ComparisonEstimate>;
} {
  if (method === "bayesian") {
    const direction = input.direction ?? "higher";
    const onRelative = gaussianPosterior(relative, confidenceLevel, direction, input.prior);
    // The prior is stated on the relative lift; the absolute interval stays flat-prior.
    const onAbsolute = gaussianPosterior(absolute, confidenceLevel, direction);
    return {
      relative: onRelative,
      absolute: onAbsolute,
      extra: { chanceToWin: onRelative.chanceToWin, risk: onRelative.risk },
    };
  }
  if (method === "sequential") {
    const tuning = input.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING;
    const onRelative = sequentialTest(relative, confidenceLevel, tuning);
    return {
      relative: onRelative,
      absolute: sequentialTest(absolute, confidenceLevel, tuning),
      extra: { pValue: onRelative.pValue },
    };
  }
  const onRelative = fixedHorizonTest(relative, confidenceLevel, distribution);
  return {
    relative: onRelative,
    absolute: fixedHorizonTest(absolute, confidenceLevel, distribution),
    extra: { pValue: onRelative.pValue },
  };
}

function checkInput(input: ComparisonInput, confidenceLevel: number): NotEnoughData | null {
  if (!isConfidenceLevel(confidenceLevel)) {
    return { reason: "invalid-input", message: `confidenceLevel must be between 0 and 1, got ${confidenceLevel}` };
  }
  const tuning = input.sequentialTuning;
  if (tuning !== undefined && !(Number.isFinite(tuning) && tuning > 0)) {
    return { reason: "invalid-input", message: `sequentialTuning must be a positive number, got ${tuning}` };
  }
  if (
    input.prior &&
    !(Number.isFinite(input.prior.mean) && input.prior.variance > 0 && Number.isFinite(input.prior.variance))
  ) {
    return { reason: "invalid-input", message: "prior needs a finite mean and a positive, finite variance" };
  }
  const invalid = invalidField("control", input.control) ?? invalidField("treatment", input.treatment);
  if (invalid) return invalid;
  const few = tooFewUnits(input.control, input.treatment);
  if (few) return few;
  return checkKind(input);
}

function checkKind(input: ComparisonInput): NotEnoughData | null {
  if (input.kind === "proportion") {
    for (const [arm, sums] of [
      ["control", input.control],
      ["treatment", input.treatment],
    ] as const) {
      if (sums.sum < 0 || sums.sum > sums.units) {
        return {
          reason: "invalid-input",
          message: `${arm}.sum of a proportion must be between 0 and units (${sums.units}), got ${sums.sum}`,
        };
      }
    }
  }
  if (input.kind === "ratio" && (input.control.denominatorSum === 0 || input.treatment.denominatorSum === 0)) {
    return {
      reason: "zero-denominator",
      message: `the ratio's denominator sums to 0 (control ${input.control.denominatorSum}, treatment ${input.treatment.denominatorSum})`,
    };
  }
  if (input.kind === "quantile") {
    for (const [arm, sums] of [
      ["control", input.control],
      ["treatment", input.treatment],
    ] as const) {
      if (!(sums.quantileLevel > 0 && sums.quantileLevel < 1) || sums.events < sums.units) {
        return { reason: "invalid-input", message: `${arm}: quantileLevel must be in (0, 1) and events ≥ units` };
      }
    }
  }
  return null;
}

function prepareArms(input: ComparisonInput): PreparedArms {
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

function armValue(input: ComparisonInput, arm: "control" | "treatment"): ArmValue {
  const units = Number.isFinite(input[arm].units) ? input[arm].units : 0;
  return { units, value: metricValue(input, arm) };
}

function metricValue(input: ComparisonInput, arm: "control" | "treatment"): number | null {
  let value: number;
  if (input.kind === "ratio") value = input[arm].numeratorSum / input[arm].denominatorSum;
  else if (input.kind === "quantile") value = input[arm].units > 0 ? input[arm].estimate : Number.NaN;
  else value = input[arm].sum / input[arm].units;
  return Number.isFinite(value) ? value : null;
}

function withoutEstimate(base: ComparisonBase, notEnoughData: NotEnoughData): ComparisonWithoutEstimate {
  return {
    ...base,
    absolute: null,
    relative: null,
    ciLow: null,
    ciHigh: null,
    absoluteCiLow: null,
    absoluteCiHigh: null,
    relativeStandardError: null,
    absoluteStandardError: null,
    notEnoughData,
  };
}

function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value && typeof value === "object") return Object.values(value).every(allFinite);
  return true;
}

import { type BayesianResult, gaussianPosterior, type Risk } from "./bayesian.js";
import { type AnalysisMethod, type ComparisonInput, checkInput, type MetricKind } from "./comparison-input.js";
import { DEFAULT_CONFIDENCE_LEVEL } from "./confidence-level.js";
import { type Effect, estimateEffect } from "./effect.js";
import { type FixedHorizonResult, fixedHorizonTest, type ReferenceDistribution } from "./frequentist.js";
import type { NotEnoughData } from "./not-enough-data.js";
import { prepareArms } from "./prepare-arms.js";
import { DEFAULT_SEQUENTIAL_TUNING, sequentialTest } from "./sequential.js";

export type { AnalysisMethod, ComparisonInput, MetricKind } from "./comparison-input.js";

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

import type { GaussianPrior, MetricDirection } from "./bayesian.js";
import { isConfidenceLevel } from "./confidence-level.js";
import type { RatioCovariateSums } from "./cuped-ratio.js";
import { invalidField, type NotEnoughData, tooFewUnits } from "./not-enough-data.js";
import type { QuantileSums } from "./quantile.js";
import type { CovariateSums, MeanSums, RatioSums } from "./sufficient-statistics.js";

export type MetricKind = "proportion" | "mean" | "ratio" | "quantile";
export type AnalysisMethod = "frequentist" | "bayesian" | "sequential";

export interface CommonOptions {
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

/** The first reason the input cannot be analysed (a bad option, a bad sum, too few units), or null. */
export function checkInput(input: ComparisonInput, confidenceLevel: number): NotEnoughData | null {
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

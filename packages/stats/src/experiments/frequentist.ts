import { studentTCdf, studentTQuantile } from "../distributions/student-t.js";
import { normalCdf } from "../normal-cdf.js";
import { normalQuantile } from "../normal-quantile.js";
import type { Effect } from "./effect.js";

/** Student's t with Welch's degrees of freedom (means, ratios) or the normal (proportions: the z test). */
export type ReferenceDistribution = "student-t" | "normal";

/** A two-sided p-value for "no difference" and the confidence interval at the requested level. */
export interface FixedHorizonResult {
  readonly pValue: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/**
 * The fixed-horizon two-sided test of Δ = 0: p = 2·(1 − F(|Δ/se|)) and CI = Δ ± F⁻¹(1 − α/2)·se, with F Student's
 * t at Welch's degrees of freedom (Welch's t test) or the standard normal (the unpooled two-proportion z test:
 * Var = p_A(1−p_A)/n_A + p_B(1−p_B)/n_B, so the interval excludes 0 exactly when p < α). Valid for one look
 * at a sample size fixed in advance; for repeated looks use `sequentialTest`.
 */
export function fixedHorizonTest(
  effect: Effect,
  confidenceLevel: number,
  distribution: ReferenceDistribution,
): FixedHorizonResult {
  const alpha = 1 - confidenceLevel;
  const z = Math.abs(effect.estimate / effect.standardError);
  const useT = distribution === "student-t";
  const lowerTail = useT ? studentTCdf(-z, effect.degreesOfFreedom) : normalCdf(-z);
  const critical = useT ? studentTQuantile(1 - alpha / 2, effect.degreesOfFreedom) : normalQuantile(1 - alpha / 2);
  const halfWidth = critical * effect.standardError;
  return {
    pValue: Math.min(1, 2 * lowerTail),
    ciLow: effect.estimate - halfWidth,
    ciHigh: effect.estimate + halfWidth,
  };
}

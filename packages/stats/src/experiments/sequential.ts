import type { Effect } from "./effect.js";
import type { FixedHorizonResult } from "./frequentist.js";

/** GrowthBook's default tuning parameter N*: the total sample size (both arms) where the interval is tightest. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/**
 * An always-valid two-sided test: the asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy &
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (arXiv 2103.06476, eq. 9), in
 * the form GrowthBook's gbstats uses. With N = n_A + n_B, σ² = se²·N and the tuning N*:
 * ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*);
 * half-width = σ·√(2(Nρ² + 1)/(N²ρ²) · ln(√(Nρ² + 1)/α));
 * p = min(1, 1/E) with E = exp(ρ²·S/(2(Nρ² + 1)))/√(Nρ² + 1), S = Δ²N/se²,
 * so p < α exactly when the interval excludes 0. Looking every day does not inflate the false-positive rate; the
 * price is a wider interval (≈ 3.04·se instead of 1.96·se at N = N*).
 */
export function sequentialTest(effect: Effect, confidenceLevel: number, tuning: number): FixedHorizonResult {
  const alpha = 1 - confidenceLevel;
  const n = effect.totalUnits;
  const logAlpha = -2 * Math.log(alpha);
  const rhoSquared = (logAlpha + Math.log(logAlpha + 1)) / tuning;
  const spread = n * rhoSquared + 1;
  const sigma = effect.standardError * Math.sqrt(n);
  const halfWidth = sigma * Math.sqrt(((2 * spread) / (n * n * rhoSquared)) * Math.log(Math.sqrt(spread) / alpha));
  const s = (effect.estimate ** 2 * n) / effect.standardError ** 2;
  // 1/E computed in logs so that a huge S gives 0, not 1/Infinity from an overflowing exp.
  const logInverseE = 0.5 * Math.log(spread) - (rhoSquared * s) / (2 * spread);
  return {
    pValue: Math.min(1, Math.exp(logInverseE)),
    ciLow: effect.estimate - halfWidth,
    ciHigh: effect.estimate + halfWidth,
  };
}

import { regularizedUpperIncompleteGamma } from "./incomplete-gamma.js";

/**
 * The chi-square survival function P(X > x) with k > 0 degrees of freedom: Q(k/2, x/2), the regularized upper
 * incomplete gamma function (Abramowitz & Stegun 26.4.19). Far tails keep their relative precision, so a
 * sample-ratio mismatch of χ² = 99 with 2 degrees of freedom answers 3.1e-22, not 0.
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (Number.isNaN(x) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedUpperIncompleteGamma(degreesOfFreedom / 2, x / 2);
}

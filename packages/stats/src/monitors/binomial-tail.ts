import { regularizedIncompleteBeta } from "../distributions/incomplete-beta.js";

/**
 * P(X ≤ x) for X ~ Binomial(n, p), exactly, through I_{1−p}(n − x, x + 1) (Abramowitz & Stegun 26.5.24). x and n
 * are rounded to integers.
 * @example binomialLowerTail(3, 10, 0.5) // 0.171875
 */
export function binomialLowerTail(x: number, n: number, p: number): number {
  const k = Math.round(x);
  const total = Math.round(n);
  if (k < 0) return 0;
  if (k >= total || p <= 0) return 1;
  if (p >= 1) return 0;
  return regularizedIncompleteBeta(1 - p, total - k, k + 1, p);
}

/** P(X ≥ x) for X ~ Binomial(n, p), through I_p(x, n − x + 1). */
export function binomialUpperTail(x: number, n: number, p: number): number {
  const k = Math.round(x);
  const total = Math.round(n);
  if (k <= 0) return 1;
  if (k > total || p <= 0) return 0;
  if (p >= 1) return 1;
  return regularizedIncompleteBeta(p, k, total - k + 1, 1 - p);
}

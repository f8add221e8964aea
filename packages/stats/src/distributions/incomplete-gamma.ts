import { logGamma } from "./log-gamma.js";

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) for a > 0, x ≥ 0: the series for
 * x < a + 1 and the continued fraction (modified Lentz) beyond, as in Numerical Recipes (Press et al., 3rd ed. 2007,
 * §6.2, `gser`/`gcf`). The continued fraction computes a far upper tail directly, so Q(1, 50) = e⁻⁵⁰ keeps its
 * relative precision instead of being 1 − 1.
 * @example regularizedUpperIncompleteGamma(1, 2) // e⁻² = 0.1353352832366127
 */
export function regularizedUpperIncompleteGamma(a: number, x: number): number {
  if (Number.isNaN(x) || !(a > 0) || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  return x < a + 1 ? 1 - Math.exp(logFront) * series(a, x) : Math.exp(logFront) * continuedFraction(a, x);
}

/** Σ xⁿ / (a (a+1) … (a+n)), so that P(a, x) = e^(−x) x^a / Γ(a) · the sum. */
function series(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum;
}

function continuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

import { normalCdf } from "../normal-cdf.js";
import { normalQuantile } from "../normal-quantile.js";
import { regularizedIncompleteBeta } from "./incomplete-beta.js";
import { logBeta } from "./log-gamma.js";

// Beyond this many degrees of freedom the t distribution equals the normal to double precision for the |t| < 40
// that p-values and intervals use (the difference is O(t⁴/ν)).
const NORMAL_LIMIT = 1e12;

/**
 * The Student t cumulative distribution function P(T ≤ t) with ν > 0 degrees of freedom (ν may be fractional, as
 * Welch–Satterthwaite's is). Through the incomplete beta function, P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)
 * (Abramowitz & Stegun 26.7.1 and 26.5.27), with 1 − x = t²/(ν+t²) computed directly so the tails keep their
 * relative precision.
 * @example studentTCdf(2.0, 10) // 0.9633059826146299
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (degreesOfFreedom > NORMAL_LIMIT) return normalCdf(t);
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tSquared = t * t;
  const denominator = degreesOfFreedom + tSquared;
  const bothTails = regularizedIncompleteBeta(
    degreesOfFreedom / denominator,
    degreesOfFreedom / 2,
    0.5,
    tSquared / denominator,
  );
  return t > 0 ? 1 - bothTails / 2 : bothTails / 2;
}

/** The density of Student's t with ν degrees of freedom. */
export function studentTDensity(t: number, degreesOfFreedom: number): number {
  const nu = degreesOfFreedom;
  return Math.exp(-((nu + 1) / 2) * Math.log1p((t * t) / nu) - 0.5 * Math.log(nu) - logBeta(nu / 2, 0.5));
}

/**
 * The Student t quantile: the t with P(T ≤ t) = p, for 0 < p < 1 and ν > 0 (−∞ at 0, ∞ at 1, NaN outside).
 * Closed forms for ν = 1 and ν = 2 (Hill, Comm. ACM 13(10), 1970); otherwise a start from the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5) refined by Newton's method on `studentTCdf`
 * inside a bisection bracket, to a relative 1e-13.
 * @example studentTQuantile(0.975, 10) // 2.2281388519649385
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  const nu = degreesOfFreedom;
  if (Number.isNaN(p) || p < 0 || p > 1 || !(nu > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (nu > NORMAL_LIMIT) return normalQuantile(p);
  if (p > 0.5) return -studentTQuantile(1 - p, nu);
  // From here p < 1/2 and the answer is negative: work on the lower tail, where p keeps its precision.
  if (nu === 1) return Math.tan(Math.PI * (p - 0.5));
  if (nu === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  return refine(p, nu, cornishFisher(normalQuantile(p), nu));
}

/** Abramowitz & Stegun 26.7.5: t ≈ z + g₁(z)/ν + g₂(z)/ν² + g₃(z)/ν³. */
function cornishFisher(z: number, nu: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  return z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu);
}

function refine(p: number, nu: number, start: number): number {
  // A bracket [low, high] with cdf(low) ≤ p ≤ cdf(high); high = 0 since p < 1/2.
  let high = 0;
  let low = Math.min(start, -1);
  while (studentTCdf(low, nu) > p) {
    high = low;
    low *= 2;
  }
  let t = start < low || start > high ? (low + high) / 2 : start;
  for (let i = 0; i < 200; i++) {
    const error = studentTCdf(t, nu) - p;
    if (error > 0) high = t;
    else low = t;
    let next = t - error / studentTDensity(t, nu);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.abs(t) || high - low <= 1e-15 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}

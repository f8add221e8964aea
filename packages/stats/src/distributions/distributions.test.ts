import { describe, expect, it } from "vitest";
import { SCIPY } from "../test-data/scipy-references.js";
import { chiSquareSurvival } from "./chi-square.js";
import { regularizedIncompleteBeta } from "./incomplete-beta.js";
import { regularizedUpperIncompleteGamma } from "./incomplete-gamma.js";
import { logGamma } from "./log-gamma.js";
import { studentTCdf, studentTQuantile } from "./student-t.js";

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

// Reference values: scipy.special / scipy.stats (see src/test-data/scipy-references.ts).
describe("distributions against scipy", () => {
  it.each(SCIPY.logGamma)("ln Γ(%d) (scipy.special.gammaln) to 1e-13", (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });

  // ln B(a, b) of large arguments costs digits: 1e-11 there.
  it.each(SCIPY.incompleteBeta)(
    "I_%d(%d, %d) (scipy.special.betainc) to 1e-12 (1e-11 for a > 1000)",
    (x, a, b, expected) => {
      expect(relativeError(regularizedIncompleteBeta(x, a, b), expected)).toBeLessThan(a > 1000 ? 1e-11 : 1e-12);
    },
  );

  it.each(SCIPY.upperIncompleteGamma)("Q(%d, %d) (scipy.special.gammaincc) to 1e-12", (a, x, expected) => {
    expect(relativeError(regularizedUpperIncompleteGamma(a, x), expected)).toBeLessThan(1e-12);
  });

  it.each(SCIPY.studentTCdf)("T(%d; ν=%d) (scipy.stats.t.cdf) to 1e-10", (t, nu, expected) => {
    expect(relativeError(studentTCdf(t, nu), expected)).toBeLessThan(1e-10);
  });

  it.each(SCIPY.studentTQuantile)(
    "T⁻¹(%d; ν=%d) (scipy.stats.t.ppf) to 1e-10 (1e-9 for ν ≥ 10⁵)",
    (p, nu, expected) => {
      expect(relativeError(studentTQuantile(p, nu), expected)).toBeLessThan(nu >= 1e5 ? 1e-9 : 1e-10);
    },
  );

  it.each(SCIPY.chiSquareSurvival)("χ² survival(%d; k=%d) (scipy.stats.chi2.sf) to 1e-10", (x, k, expected) => {
    expect(relativeError(chiSquareSurvival(x, k), expected)).toBeLessThan(1e-10);
  });
});

describe("distribution edges", () => {
  it("answers NaN for impossible arguments and the limits at the ends", () => {
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(studentTQuantile(0, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(1.5, 3)).toBeNaN();
    expect(chiSquareSurvival(0, 2)).toBe(1);
    expect(chiSquareSurvival(1, -1)).toBeNaN();
  });

  it("inverts: the quantile of the CDF gives back t across ν", () => {
    for (const nu of [1, 1.5, 3, 7.2, 30, 400, 1e5]) {
      for (const t of [-6, -2.2, -0.4, 0.01, 1.3, 4.5]) {
        expect(studentTQuantile(studentTCdf(t, nu), nu)).toBeCloseTo(t, 8);
      }
    }
  });
});

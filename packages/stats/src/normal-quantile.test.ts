import { describe, expect, it } from "vitest";
import { normalCdf } from "./normal-cdf.js";
import { normalQuantile } from "./normal-quantile.js";

// Reference values: Wichura's AS241 (CPython's statistics.NormalDist().inv_cdf), to 16 digits.
const REFERENCE: readonly (readonly [number, number])[] = [
  [1e-20, -9.262340089798405],
  [1e-10, -6.361340902404056],
  [1e-5, -4.2648907939228256],
  [0.001, -3.090232306167813],
  [0.02425, -1.9729610513118845],
  [0.025, -1.9599639845400538],
  [0.05, -1.6448536269514726],
  [0.1, -1.2815515655446008],
  [0.3, -0.5244005127080407],
  [0.7, 0.5244005127080407],
  [0.9, 1.2815515655446008],
  [0.95, 1.6448536269514715],
  [0.975, 1.9599639845400536],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [0.99999, 4.26489079392384],
];

describe("normalQuantile", () => {
  it.each(REFERENCE)("Φ⁻¹(%d) matches the reference (1e-12 relative, 1e-10 in the tails)", (p, expected) => {
    const tail = p < 1e-3 || p > 0.999;
    expect(Math.abs(normalQuantile(p) - expected) / Math.abs(expected)).toBeLessThan(tail ? 1e-10 : 1e-12);
  });

  it("is 0 at the median and the inverse of normalCdf across the range", () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (let x = -8; x <= 6; x += 0.25) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 7);
  });

  it("answers the edges: ±Infinity at 0 and 1, NaN outside [0, 1], a finite value deep in the tail", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.0470962993612, 8);
  });
});

import { describe, expect, it } from "vitest";
import { normalCdf } from "./normal-cdf.js";

// Reference values: Φ(x) = erfc(-x/√2)/2 with the C library's erfc (CPython's math.erfc), to 16 digits.
const REFERENCE: readonly (readonly [number, number])[] = [
  [-30, 4.906713927148764e-198],
  [-10, 7.619853024160593e-24],
  [-8, 6.220960574271819e-16],
  [-7.5, 3.19089167291092e-14],
  [-5, 2.866515718791946e-7],
  [-3, 0.0013498980316300957],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145707],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [0.3, 0.6179114221889526],
  [1, 0.8413447460685429],
  [1.6448536269514722, 0.95],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [5, 0.9999997133484281],
  [7.2, 0.9999999999996989],
];

describe("normalCdf", () => {
  it.each(REFERENCE)(
    "Φ(%d) matches the reference to 1e-15 absolute, and relative to the size of the tail",
    (x, expected) => {
      const error = Math.abs(normalCdf(x) - expected);
      expect(error).toBeLessThan(1e-15);
      expect(error / expected).toBeLessThan(Math.abs(x) <= 3 ? 1e-13 : 1e-8);
    },
  );

  it("is symmetric: Φ(x) + Φ(-x) = 1", () => {
    for (const x of [0.1, 0.7, 1.3, 2.9, 4.4, 6.1, 9.5]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it("reaches 0 and 1 in the far tails and keeps NaN as NaN", () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it("never decreases", () => {
    let previous = 0;
    for (let x = -38; x <= 38; x += 0.01) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });
});

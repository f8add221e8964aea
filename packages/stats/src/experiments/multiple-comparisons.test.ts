import { describe, expect, it } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { adjustedInterval, adjustPValues } from "./multiple-comparisons.js";

describe("multiple comparisons", () => {
  it("Holm reproduces GrowthBook's vector", () => {
    const ref = PUBLISHED.holm;
    adjustPValues(ref.pValues, "holm").forEach((p, i) => {
      expect(p).toBeCloseTo(ref.adjusted[i] ?? Number.NaN, 12);
    });
  });

  it("Benjamini–Hochberg reproduces GrowthBook's vector", () => {
    const ref = PUBLISHED.benjaminiHochberg;
    adjustPValues(ref.pValues, "benjamini-hochberg").forEach((p, i) => {
      expect(p).toBeCloseTo(ref.adjusted[i] ?? Number.NaN, 12);
    });
  });

  it.each([
    ["holm", SCIPY.holm],
    ["benjamini-hochberg", SCIPY.benjaminiHochberg],
  ] as const)("%s matches statsmodels' multipletests to 1e-6", (method, cases) => {
    for (const [pValues, expected] of cases) {
      adjustPValues(pValues, method).forEach((p, i) => {
        expectRelative(p, expected[i] ?? Number.NaN);
      });
    }
  });

  it("keeps the input order, never lowers a p-value and handles an empty family", () => {
    const p = [0.2, 0.001, 0.04];
    for (const method of ["holm", "benjamini-hochberg"] as const) {
      const adjusted = adjustPValues(p, method);
      adjusted.forEach((value, i) => {
        expect(value).toBeGreaterThanOrEqual(p[i] ?? 1);
      });
      expect(adjustPValues([], method)).toEqual([]);
    }
  });

  it("an adjusted interval widens with the adjusted p-value and is null when p = 1", () => {
    const narrow = adjustedInterval(0.1, 0.01, 0.95);
    const wide = adjustedInterval(0.1, 0.2, 0.95);
    expect(narrow && wide).toBeTruthy();
    expect((wide?.ciLow ?? 0) < (narrow?.ciLow ?? 0)).toBe(true);
    expect(narrow?.ciLow).toBeGreaterThan(0);
    expect(wide?.ciLow).toBeLessThan(0);
    expect(adjustedInterval(0.1, 1, 0.95)).toBeNull();
    expect(adjustedInterval(0, 0.3, 0.95)).toBeNull();
  });
});

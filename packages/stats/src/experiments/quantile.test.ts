import { describe, expect, it } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { compareVariations } from "./compare-variations.js";
import { quantileArm, quantileRanks } from "./quantile.js";

function sampleQuantile(values: readonly number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[quantileRanks(sorted.length, level).estimate - 1] ?? Number.NaN;
}

describe("quantile metrics", () => {
  it("event-level and unit-level medians of GrowthBook's example are 2 and 5", () => {
    const ref = PUBLISHED.quantileMedian;
    expect(sampleQuantile(ref.values, 0.5)).toBe(ref.eventLevel);
    const perUnit = new Map<string, number>();
    ref.units.forEach((unit, i) => {
      perUnit.set(unit, (perUnit.get(unit) ?? 0) + (ref.values[i] ?? 0));
    });
    expect(sampleQuantile([...perUnit.values()], 0.5)).toBe(ref.unitLevel);
  });

  it.each(SCIPY.quantile)("ranks, clustered variance and the comparison match numpy on raw events to 1e-6", (ref) => {
    for (const arm of [ref.control, ref.treatment]) {
      const ranks = quantileRanks(arm.events, arm.quantileLevel);
      expect([ranks.estimate, ranks.lower, ranks.upper]).toEqual(arm.ranks);
      const estimate = quantileArm(arm);
      expectRelative(estimate.variance / estimate.units, arm.variance);
    }
    const result = compareVariations({ kind: "quantile", control: ref.control, treatment: ref.treatment });
    expectRelative(result.absolute, ref.absolute);
    expectRelative(result.absoluteStandardError, ref.absoluteSe);
    expectRelative(result.absoluteCiLow, ref.absoluteCiLow);
    expectRelative(result.absoluteCiHigh, ref.absoluteCiHigh);
    expect(result.control.value).toBe(ref.control.estimate);
  });

  it("several correlated events per unit widen the interval compared with treating events as independent", () => {
    const [ref] = SCIPY.quantile;
    if (!ref) throw new Error("missing reference case");
    const { clusters: _, ...independent } = ref.control;
    expect(quantileArm(ref.control).variance).toBeGreaterThan(quantileArm(independent).variance);
  });

  it("keeps the ranks inside 1…n for tiny samples and extreme levels", () => {
    expect(quantileRanks(1, 0.99)).toEqual({ estimate: 1, lower: 1, upper: 1 });
    const r = quantileRanks(10, 0.999);
    expect(r.upper).toBe(10);
    expect(r.lower).toBeGreaterThanOrEqual(1);
  });
});

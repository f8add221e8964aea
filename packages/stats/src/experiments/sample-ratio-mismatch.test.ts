import { describe, expect, it } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { SRM_P_VALUE_THRESHOLD, sampleRatioMismatch } from "./sample-ratio-mismatch.js";

const split = (observed: readonly number[], weights: readonly number[]) =>
  observed.map((units, i) => ({ variation: `v${i}`, units, weight: weights[i] ?? 0 }));

describe("sample-ratio mismatch", () => {
  it.each(SCIPY.srm)("matches scipy.stats.chisquare for $observed against weights $weights to 1e-6", (ref) => {
    const result = sampleRatioMismatch(split(ref.observed, ref.weights));
    expectRelative(result.chiSquare, ref.chiSquare);
    expectRelative(result.pValue, ref.pValue);
    expect(result.degreesOfFreedom).toBe(ref.observed.length - 1);
    expect(result.mismatch).toBe(ref.pValue < SRM_P_VALUE_THRESHOLD);
  });

  it("5,000 vs 5,200 at 50/50 is not flagged: p = 0.0477 (anchors #13)", () => {
    const ref = PUBLISHED.srmBalanced;
    const result = sampleRatioMismatch(split(ref.observed, ref.weights));
    expect(result.chiSquare).toBeCloseTo(ref.chiSquare, 4);
    expect(result.pValue).toBeCloseTo(ref.pValue, 5);
    expect(result.mismatch).toBe(false);
    expect(result.expected).toEqual({ v0: 5100, v1: 5100 });
    expect(result.observed).toEqual({ v0: 5000, v1: 5200 });
  });

  it("Statsig's three-way example is flagged with p ≈ 3.1e-22, not rounded to 0 (anchors #14)", () => {
    const ref = PUBLISHED.srmStatsig;
    const result = sampleRatioMismatch(split(ref.observed, ref.weights));
    expect(result.chiSquare).toBeCloseTo(ref.chiSquare, 2);
    expect(result.pValue).toBeGreaterThan(3.05e-22);
    expect(result.pValue).toBeLessThan(3.15e-22);
    expect(result.mismatch).toBe(true);
  });

  it("weights on any scale give the same answer (percentages or fractions)", () => {
    const a = sampleRatioMismatch(split([900, 1100], [50, 50]));
    const b = sampleRatioMismatch(split([900, 1100], [0.5, 0.5]));
    expect(a.pValue).toBe(b.pValue);
    expect(a.mismatch).toBe(true);
  });

  it("a variation with weight 0 and no units is left out; with units it is a mismatch by construction", () => {
    const left = sampleRatioMismatch(split([5000, 5200, 0], [1, 1, 0]));
    expect(left.degreesOfFreedom).toBe(1);
    expect(left.pValue).toBeCloseTo(0.04767, 5);
    const leaked = sampleRatioMismatch(split([5000, 5200, 3], [1, 1, 0]));
    expect(leaked.mismatch).toBe(true);
    expect(leaked.pValue).toBe(0);
  });

  it("no units or bad counts give no verdict instead of NaN", () => {
    const empty = sampleRatioMismatch(split([0, 0], [1, 1]));
    expect(empty.pValue).toBeNull();
    expect(empty.mismatch).toBe(false);
    expect(empty.notEnoughData?.reason).toBe("no-units");
    expect(sampleRatioMismatch(split([Number.NaN, 3], [1, 1])).notEnoughData?.reason).toBe("invalid-input");
    expect(sampleRatioMismatch(split([10], [1])).notEnoughData?.reason).toBe("fewer-than-two-variations");
  });
});

import { describe, expect, it } from "vitest";
import { type ComparisonInput, compareVariations } from "./compare-variations.js";

const mean = (units: number, sum: number, sumSquares: number) => ({ units, sum, sumSquares });
const ratio = (units: number, numeratorSum: number, denominatorSum: number) => ({
  units,
  numeratorSum,
  numeratorSumSquares: numeratorSum * 3,
  denominatorSum,
  denominatorSumSquares: denominatorSum * 2,
  numeratorDenominatorSum: numeratorSum * 2,
});

function hasNoNonFiniteNumber(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value && typeof value === "object") return Object.values(value).every(hasNoNonFiniteNumber);
  return true;
}

describe("compareVariations: not enough data is an answer, never NaN", () => {
  const cases: readonly [string, ComparisonInput, string][] = [
    ["no units in the treatment", { kind: "mean", control: mean(100, 50, 80), treatment: mean(0, 0, 0) }, "no-units"],
    ["no units anywhere", { kind: "proportion", control: mean(0, 0, 0), treatment: mean(0, 0, 0) }, "no-units"],
    [
      "one unit in the control",
      { kind: "mean", control: mean(1, 5, 25), treatment: mean(10, 50, 300) },
      "too-few-units",
    ],
    [
      "zero variance in both",
      { kind: "mean", control: mean(10, 20, 40), treatment: mean(10, 30, 90) },
      "zero-variance",
    ],
    [
      "no conversions at all",
      { kind: "proportion", control: mean(500, 0, 0), treatment: mean(500, 0, 0) },
      "zero-control-mean",
    ],
    ["zero control mean", { kind: "mean", control: mean(10, 0, 4), treatment: mean(10, 3, 9) }, "zero-control-mean"],
    [
      "a ratio whose denominator is 0 everywhere",
      { kind: "ratio", control: ratio(50, 0, 0), treatment: ratio(50, 0, 0) },
      "zero-denominator",
    ],
    [
      "a ratio with a 0 denominator in one arm",
      { kind: "ratio", control: ratio(50, 10, 0), treatment: ratio(50, 10, 20) },
      "zero-denominator",
    ],
    ["a NaN sum", { kind: "mean", control: mean(10, Number.NaN, 4), treatment: mean(10, 3, 9) }, "invalid-input"],
    ["fractional units", { kind: "mean", control: mean(10.5, 1, 4), treatment: mean(10, 3, 9) }, "invalid-input"],
    [
      "a proportion above 1",
      { kind: "proportion", control: mean(10, 11, 11), treatment: mean(10, 3, 3) },
      "invalid-input",
    ],
    [
      "a confidence level of 95 (percent)",
      { kind: "mean", control: mean(10, 3, 4), treatment: mean(10, 3, 9), confidenceLevel: 95 },
      "invalid-input",
    ],
    [
      "a zero sequential tuning",
      { kind: "mean", control: mean(10, 3, 4), treatment: mean(10, 3, 9), method: "sequential", sequentialTuning: 0 },
      "invalid-input",
    ],
  ];

  it.each(cases)("%s → %s, with nulls and the counts in the message", (_, input, reason) => {
    const result = compareVariations(input);
    expect(result.notEnoughData?.reason).toBe(reason);
    expect(result.notEnoughData?.message.length).toBeGreaterThan(10);
    expect(result.relative).toBeNull();
    expect(result.ciLow).toBeNull();
    expect(result.absoluteCiHigh).toBeNull();
    expect(hasNoNonFiniteNumber(result)).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("names the units of both arms when one has none", () => {
    const result = compareVariations({ kind: "mean", control: mean(100, 50, 80), treatment: mean(0, 0, 0) });
    expect(result.notEnoughData?.message).toContain("control has 100 units, treatment 0");
    expect(result.control).toEqual({ units: 100, value: 0.5 });
    expect(result.treatment).toEqual({ units: 0, value: null });
  });

  it("one arm with zero variance is still testable when the other varies", () => {
    const result = compareVariations({ kind: "proportion", control: mean(200, 0, 0), treatment: mean(200, 10, 10) });
    expect(result.notEnoughData?.reason).toBe("zero-control-mean");
    const ok = compareVariations({ kind: "proportion", control: mean(200, 20, 20), treatment: mean(200, 200, 200) });
    expect(ok.notEnoughData).toBeUndefined();
    expect(hasNoNonFiniteNumber(ok)).toBe(true);
  });
});

describe("compareVariations: methods and options", () => {
  const control = mean(2000, 2000 * 10, 2000 * (100 + 16));
  const treatment = mean(2000, 2000 * 10.4, 2000 * (10.4 ** 2 + 16));

  it("frequentist gives a p-value, no chance to win; Bayesian the reverse; sequential a wider interval", () => {
    const frequentist = compareVariations({ kind: "mean", control, treatment });
    const bayesian = compareVariations({ kind: "mean", control, treatment, method: "bayesian" });
    const sequential = compareVariations({ kind: "mean", control, treatment, method: "sequential" });
    expect(frequentist.pValue).toBeLessThan(0.05);
    expect(frequentist.chanceToWin).toBeUndefined();
    expect(bayesian.pValue).toBeUndefined();
    expect(bayesian.chanceToWin).toBeGreaterThan(0.99);
    expect(bayesian.risk?.treatment).toBeLessThan(bayesian.risk?.control ?? 0);
    const width = (r: typeof frequentist) => (r.ciHigh ?? 0) - (r.ciLow ?? 0);
    expect(width(sequential)).toBeGreaterThan(width(frequentist) * 1.2);
    for (const r of [frequentist, bayesian, sequential]) {
      expect(r.relative).toBeCloseTo(0.04, 12);
      expect(r.absolute).toBeCloseTo(0.4, 10);
      expect(r.method).toBe(r === frequentist ? "frequentist" : r === bayesian ? "bayesian" : "sequential");
    }
  });

  it("a higher confidence level widens the interval", () => {
    const at90 = compareVariations({ kind: "mean", control, treatment, confidenceLevel: 0.9 });
    const at99 = compareVariations({ kind: "mean", control, treatment, confidenceLevel: 0.99 });
    expect(at99.ciLow ?? 0).toBeLessThan(at90.ciLow ?? 0);
    expect(at99.pValue).toBe(at90.pValue);
  });

  it("when lower is better, the chance to win is the chance the treatment is lower", () => {
    const higher = compareVariations({ kind: "mean", control, treatment, method: "bayesian" });
    const lower = compareVariations({ kind: "mean", control, treatment, method: "bayesian", direction: "lower" });
    expect((higher.chanceToWin ?? 0) + (lower.chanceToWin ?? 0)).toBeCloseTo(1, 12);
    expect(lower.risk?.treatment).toBeCloseTo(higher.risk?.control ?? 0, 12);
  });

  it("says why CUPED was not applied instead of silently ignoring it", () => {
    expect(compareVariations({ kind: "mean", control, treatment, cuped: true }).cupedSkipped).toMatch(/covariate/);
    expect(
      compareVariations({ kind: "ratio", control: ratio(50, 40, 60), treatment: ratio(50, 45, 60), cuped: true })
        .cupedSkipped,
    ).toMatch(/numerator and denominator/);
  });
});

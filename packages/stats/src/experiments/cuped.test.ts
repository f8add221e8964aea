import { describe, expect, it } from "vitest";
import { expectRelative, expectRounded } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { compareVariations } from "./compare-variations.js";
import { cupedArm, cupedTheta } from "./cuped.js";

describe("CUPED", () => {
  it.each(SCIPY.cuped)(
    "matches θ (numpy least squares on the pooled units) and the adjusted test computed on raw per-unit data to 1e-6",
    (ref) => {
      const result = compareVariations({ kind: "mean", control: ref.control, treatment: ref.treatment, cuped: true });
      expectRelative(result.theta, ref.theta);
      expectRelative(result.absolute, ref.absolute);
      expectRelative(result.absoluteStandardError, ref.absoluteSe);
      expectRelative(result.relative, ref.relative);
      expectRelative(result.relativeStandardError, ref.relativeSe);
      expectRelative(result.varianceReduction, ref.varianceReduction);
      expectRelative(result.ciLow, ref.ciLow);
      expectRelative(result.ciHigh, ref.ciHigh);
      expectRelative(result.pValue, ref.pValue);
    },
  );

  it("reports a large variance reduction for a strongly correlated covariate and narrows the interval", () => {
    const [strong] = SCIPY.cuped;
    if (!strong) throw new Error("missing reference case");
    const adjusted = compareVariations({
      kind: "mean",
      control: strong.control,
      treatment: strong.treatment,
      cuped: true,
    });
    const plain = compareVariations({ kind: "mean", control: strong.control, treatment: strong.treatment });
    expect(adjusted.varianceReduction).toBeGreaterThan(0.5);
    expect(adjusted.absoluteStandardError ?? 1).toBeLessThan((plain.absoluteStandardError ?? 0) * 0.7);
    // The relative change keeps the unadjusted control mean as its base.
    expect(adjusted.control.value).toBe(plain.control.value);
  });

  it("θ is 0 and nothing changes when the covariate is constant", () => {
    const control = {
      units: 4,
      sum: 10,
      sumSquares: 30,
      covariateSum: 8,
      covariateSumSquares: 16,
      valueCovariateSum: 20,
    };
    const treatment = {
      units: 4,
      sum: 12,
      sumSquares: 40,
      covariateSum: 8,
      covariateSumSquares: 16,
      valueCovariateSum: 24,
    };
    expect(cupedTheta("mean", control, treatment)).toBe(0);
    const result = compareVariations({ kind: "mean", control, treatment, cuped: true });
    expect(result.varianceReduction).toBe(0);
    expect(result.absolute).toBeCloseTo(0.5, 12);
  });

  it("uses the Bernoulli moments for proportions: σ_XY = P(X=1)(P(Y=1|X=1) − P(Y=1))", () => {
    // 100 units: 40 converted before; of those 30 convert again; of the 60 others, 12 convert.
    const sums = {
      units: 100,
      sum: 42,
      sumSquares: 42,
      covariateSum: 40,
      covariateSumSquares: 40,
      valueCovariateSum: 30,
    };
    const theta = cupedTheta("proportion", sums, sums);
    const covariance = 0.4 * (30 / 40 - 0.42);
    expect(theta).toBeCloseTo(covariance / (0.4 * 0.6), 12);
    const arm = cupedArm("proportion", sums, theta);
    expect(arm.variance).toBeCloseTo(0.42 * 0.58 - covariance ** 2 / 0.24, 12);
  });

  it("reproduces GrowthBook's ratio metric with CUPED, fixed horizon (test_two_sided_ttest_test_runs_ratio_ra)", () => {
    const ref = PUBLISHED.ratioCuped;
    const result = compareVariations({ kind: "ratio", control: ref.control, treatment: ref.treatment, cuped: true });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.se);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expectRounded(result.pValue, ref.pValue);
    expect(result.varianceReduction).toBeGreaterThan(0);
  });

  it("reproduces GrowthBook's ratio metric with CUPED, sequential (test_sequential_test_runs_ratio_ra)", () => {
    const ref = PUBLISHED.ratioCuped;
    const result = compareVariations({
      kind: "ratio",
      control: ref.control,
      treatment: ref.treatment,
      cuped: true,
      method: "sequential",
    });
    expectRounded(result.ciLow, ref.sequentialCiLow);
    expectRounded(result.ciHigh, ref.sequentialCiHigh);
    expect(result.pValue).toBe(ref.sequentialPValue);
  });

  it("a ratio without pre-period sums, or with a zero pre-period denominator, is analysed without CUPED and says why", () => {
    const ref = PUBLISHED.ratioCuped;
    const zeroPre = { ...ref.control, preDenominatorSum: 0 };
    const result = compareVariations({ kind: "ratio", control: zeroPre, treatment: ref.treatment, cuped: true });
    expect(result.cupedSkipped).toMatch(/denominator sums to 0/);
    expect(result.theta).toBeUndefined();
    expect(result.relative).toBeCloseTo(
      ref.treatment.numeratorSum /
        ref.treatment.denominatorSum /
        (ref.control.numeratorSum / ref.control.denominatorSum) -
        1,
      12,
    );
  });

  it.each(SCIPY.ratioCuped)(
    "a ratio with CUPED matches the linearised per-unit computation in numpy to 1e-6",
    (ref) => {
      const result = compareVariations({ kind: "ratio", control: ref.control, treatment: ref.treatment, cuped: true });
      expectRelative(result.theta, ref.theta);
      expectRelative(result.absolute, ref.absolute);
      expectRelative(result.absoluteStandardError, ref.absoluteSe);
      expectRelative(result.relative, ref.relative);
      expectRelative(result.relativeStandardError, ref.relativeSe);
      expectRelative(result.varianceReduction, ref.varianceReduction);
      expectRelative(result.ciLow, ref.ciLow);
      expectRelative(result.ciHigh, ref.ciHigh);
      expectRelative(result.pValue, ref.pValue);
    },
  );
});

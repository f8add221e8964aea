import { describe, expect, it } from "vitest";
import { expectRelative, expectRounded } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { compareVariations } from "./compare-variations.js";
import { estimateEffect } from "./effect.js";
import { fixedHorizonTest } from "./frequentist.js";
import { meanArm, proportionArm, ratioArm } from "./sufficient-statistics.js";

describe("Welch's t test on means", () => {
  it("reproduces GrowthBook's relative test (test_two_sided_ttest)", () => {
    const ref = PUBLISHED.welchRelative;
    const result = compareVariations({ kind: "mean", control: ref.control, treatment: ref.treatment });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.se);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expectRounded(result.pValue, ref.pValue);
  });

  it("reproduces GrowthBook's absolute test (test_two_sided_ttest_absolute)", () => {
    const ref = PUBLISHED.welchAbsolute;
    const result = compareVariations({ kind: "mean", control: ref.control, treatment: ref.treatment });
    expectRounded(result.absolute, ref.absolute);
    expectRounded(result.absoluteStandardError, ref.se);
    expectRounded(result.absoluteCiLow, ref.ciLow);
    expectRounded(result.absoluteCiHigh, ref.ciHigh);
    const absoluteTest = fixedHorizonTest(
      estimateEffect(meanArm(ref.control), meanArm(ref.treatment), "absolute"),
      0.95,
      "student-t",
    );
    expectRounded(absoluteTest.pValue, ref.pValue);
  });

  it.each(SCIPY.welchAbsolute)(
    "matches scipy's ttest_ind_from_stats (equal_var=False) at level $level to 1e-6",
    (ref) => {
      const effect = estimateEffect(meanArm(ref.control), meanArm(ref.treatment), "absolute");
      expectRelative(effect.estimate, ref.absolute);
      expectRelative(effect.standardError, ref.se);
      expectRelative(effect.degreesOfFreedom, ref.dof);
      const test = fixedHorizonTest(effect, ref.level, "student-t");
      expectRelative(test.pValue, ref.pValue);
      expectRelative(test.ciLow, ref.ciLow);
      expectRelative(test.ciHigh, ref.ciHigh);
    },
  );

  it.each(SCIPY.welchRelative)(
    "matches the delta-method relative lift computed with scipy at level $level to 1e-6",
    (ref) => {
      const result = compareVariations({
        kind: "mean",
        control: ref.control,
        treatment: ref.treatment,
        confidenceLevel: ref.level,
      });
      expectRelative(result.relative, ref.relative);
      expectRelative(result.relativeStandardError, ref.se);
      expectRelative(result.pValue, ref.pValue);
      expectRelative(result.ciLow, ref.ciLow);
      expectRelative(result.ciHigh, ref.ciHigh);
    },
  );
});

describe("two-proportion z test", () => {
  it.each(SCIPY.proportionAbsolute)(
    "matches statsmodels' Wald test and interval for $treatment.sum/$treatment.units vs $control.sum/$control.units at $level",
    (ref) => {
      const result = compareVariations({
        kind: "proportion",
        control: ref.control,
        treatment: ref.treatment,
        confidenceLevel: ref.level,
      });
      expectRelative(result.absolute, ref.absolute);
      expectRelative(result.absoluteCiLow, ref.ciLow);
      expectRelative(result.absoluteCiHigh, ref.ciHigh);
      // The p-value the result reports is the relative lift's; the absolute difference's is checked directly.
      const effect = estimateEffect(proportionArm(ref.control), proportionArm(ref.treatment), "absolute");
      expectRelative(fixedHorizonTest(effect, ref.level, "normal").pValue, ref.pValue);
    },
  );

  it("reproduces GrowthBook's proportion test when run with Welch's t, as gbstats does (test_two_sided_ttest_binom)", () => {
    const ref = PUBLISHED.proportionRelativeWelch;
    const effect = estimateEffect(proportionArm(ref.control), proportionArm(ref.treatment), "relative");
    const test = fixedHorizonTest(effect, 0.95, "student-t");
    expectRounded(effect.estimate, ref.relative);
    expectRounded(effect.standardError, ref.se);
    expectRounded(test.ciLow, ref.ciLow);
    expectRounded(test.ciHigh, ref.ciHigh);
    expectRounded(test.pValue, ref.pValue);
  });
});

describe("ratio metrics (delta method)", () => {
  it.each(SCIPY.ratio)("matches the per-unit linearisation computed with numpy/scipy to 1e-6", (ref) => {
    expectRelative(ratioArm(ref.control).mean, ref.controlValue);
    const result = compareVariations({ kind: "ratio", control: ref.control, treatment: ref.treatment });
    expect(result.control.value).toBeCloseTo(ref.controlValue, 12);
    expect(result.treatment.value).toBeCloseTo(ref.treatmentValue, 12);
    expectRelative(result.absolute, ref.absolute);
    expectRelative(result.absoluteStandardError, ref.absoluteSe);
    expectRelative(result.relative, ref.relative);
    expectRelative(result.relativeStandardError, ref.relativeSe);
    expectRelative(result.pValue, ref.pValue);
    expectRelative(result.ciLow, ref.ciLow);
    expectRelative(result.ciHigh, ref.ciHigh);
  });
});

describe("intervals and p-values agree", () => {
  it("the interval excludes 0 exactly when p < α, for t and z alike", () => {
    for (const shift of [0.5, 1.5, 1.9, 1.96, 2.0, 2.5, 4]) {
      const effect = { estimate: shift, standardError: 1, degreesOfFreedom: 40, totalUnits: 100 };
      for (const distribution of ["student-t", "normal"] as const) {
        const test = fixedHorizonTest(effect, 0.95, distribution);
        expect(test.pValue < 0.05).toBe(test.ciLow > 0);
      }
    }
  });
});

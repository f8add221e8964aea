import { describe, expect, it } from "vitest";
import { expectRelative, expectRounded } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { compareVariations } from "./compare-variations.js";
import { sequentialTest } from "./sequential.js";

describe("sequential testing (Waudby-Smith confidence sequence, GrowthBook's form)", () => {
  it("reproduces GrowthBook's test_sequential_test_runs (tuning 1000)", () => {
    const ref = PUBLISHED.sequential;
    const result = compareVariations({
      kind: "mean",
      control: ref.control,
      treatment: ref.treatment,
      method: "sequential",
      sequentialTuning: ref.tuning,
    });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.se);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expect(result.pValue).toBe(ref.pValue);
  });

  it("reproduces GrowthBook's test_sequential_test_runs_prop with the default tuning 5000", () => {
    const ref = PUBLISHED.sequentialProportion;
    const control = { ...ref.control, sumSquares: ref.control.sum };
    const treatment = { ...ref.treatment, sumSquares: ref.treatment.sum };
    const result = compareVariations({ kind: "proportion", control, treatment, method: "sequential" });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.se);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expectRounded(result.pValue, ref.pValue);
  });

  it("reproduces GrowthBook's test_sequential_test_runs_ra (CUPED) to 1e-4 relative", () => {
    const ref = PUBLISHED.sequentialCuped;
    const result = compareVariations({
      kind: "mean",
      control: ref.control,
      treatment: ref.treatment,
      method: "sequential",
      cuped: true,
    });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.se);
    expectRelative(result.ciLow, ref.ciLow, 1e-4);
    expectRelative(result.ciHigh, ref.ciHigh, 1e-4);
    expect(result.pValue).toBe(1);
    expect(result.theta).toBeCloseTo(-0.0114032, 6);
  });

  it.each(SCIPY.sequentialRelative)("matches the formula evaluated with numpy (tuning $tuning) to 1e-6", (ref) => {
    const level = "level" in ref ? ref.level : 0.95;
    const result = compareVariations({
      kind: "mean",
      control: ref.control,
      treatment: ref.treatment,
      method: "sequential",
      sequentialTuning: ref.tuning,
      confidenceLevel: level,
    });
    expectRelative(result.relative, ref.relative);
    expectRelative(result.ciLow, ref.ciLow);
    expectRelative(result.ciHigh, ref.ciHigh);
    expectRelative(result.pValue, ref.pValue);
  });

  it("widens 1.96·se to 3.035·se at N = N* and 3.242·se at 10·N* (anchors §1.2 [calc])", () => {
    const at = (n: number) =>
      sequentialTest({ estimate: 0, standardError: 1, degreesOfFreedom: 1e9, totalUnits: n }, 0.95, 5000).ciHigh;
    expect(at(5000)).toBeCloseTo(3.035, 3);
    expect(at(50_000)).toBeCloseTo(3.242, 3);
    expect(at(500)).toBeCloseTo(3.855, 3);
  });

  it("p < α exactly when the interval excludes 0", () => {
    for (const estimate of [0.5, 2, 2.9, 3.02, 3.05, 3.5, 6]) {
      const test = sequentialTest({ estimate, standardError: 1, degreesOfFreedom: 1e9, totalUnits: 5000 }, 0.95, 5000);
      expect(test.pValue < 0.05).toBe(test.ciLow > 0);
    }
  });

  it("an enormous effect gives p = 0, not NaN", () => {
    const test = sequentialTest(
      { estimate: 1, standardError: 1e-6, degreesOfFreedom: 1e9, totalUnits: 1e6 },
      0.95,
      5000,
    );
    expect(test.pValue).toBe(0);
  });
});

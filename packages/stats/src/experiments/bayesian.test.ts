import { describe, expect, it } from "vitest";
import { expectRelative, expectRounded } from "../test-data/expect-close.js";
import { PUBLISHED } from "../test-data/published-references.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { gaussianPosterior } from "./bayesian.js";
import { compareVariations } from "./compare-variations.js";

describe("Bayesian Gaussian approach (GrowthBook)", () => {
  it("reproduces GrowthBook's TestNorm with a flat prior: chance to win 0.91923, risk [0.05131, 0.00131]", () => {
    const ref = PUBLISHED.bayesianFlat;
    const result = compareVariations({
      kind: "mean",
      control: ref.control,
      treatment: ref.treatment,
      method: "bayesian",
    });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.sd);
    expectRounded(result.chanceToWin, ref.chanceToWin);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expectRounded(result.risk?.control, ref.risk[0]);
    expectRounded(result.risk?.treatment, ref.risk[1]);
  });

  it("reproduces GrowthBook's TestNorm with the proper prior N(0.1, 0.1)", () => {
    const ref = PUBLISHED.bayesianPrior;
    const result = compareVariations({
      kind: "mean",
      control: ref.control,
      treatment: ref.treatment,
      method: "bayesian",
      prior: ref.prior,
    });
    expectRounded(result.chanceToWin, ref.chanceToWin);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    const posterior = gaussianPosterior(
      {
        estimate: result.relative ?? 0,
        standardError: result.relativeStandardError ?? 1,
        degreesOfFreedom: 18,
        totalUnits: 20,
      },
      0.95,
      "higher",
      ref.prior,
    );
    expectRounded(posterior.posteriorMean, ref.mean);
    expectRounded(posterior.posteriorStandardDeviation, ref.sd);
  });

  it("reproduces GrowthBook's TestBinom (49/100 vs 51/100): chance to win 0.60918", () => {
    const ref = PUBLISHED.bayesianBinomial;
    const result = compareVariations({
      kind: "proportion",
      control: ref.control,
      treatment: ref.treatment,
      method: "bayesian",
    });
    expectRounded(result.relative, ref.relative);
    expectRounded(result.relativeStandardError, ref.sd);
    expectRounded(result.chanceToWin, ref.chanceToWin);
    expectRounded(result.ciLow, ref.ciLow);
    expectRounded(result.ciHigh, ref.ciHigh);
    expectRounded(result.risk?.control, ref.risk[0]);
    expectRounded(result.risk?.treatment, ref.risk[1]);
  });

  it.each(SCIPY.bayesianFlat)(
    "matches scipy (norm.sf, and the risk as a numerical integral with quad) to 1e-6",
    (ref) => {
      const result = compareVariations({
        kind: "mean",
        control: ref.control,
        treatment: ref.treatment,
        method: "bayesian",
      });
      expectRelative(result.relative, ref.mean);
      expectRelative(result.relativeStandardError, ref.sd);
      expectRelative(result.chanceToWin, ref.chanceToWin);
      expectRelative(result.risk?.control, ref.riskControl);
      expectRelative(result.risk?.treatment, ref.riskTreatment);
      expectRelative(result.ciLow, ref.ciLow);
      expectRelative(result.ciHigh, ref.ciHigh);
    },
  );

  it("a tight prior pulls the posterior towards its mean; a vague one changes nothing visible", () => {
    const effect = { estimate: 0.05, standardError: 0.02, degreesOfFreedom: 1000, totalUnits: 2000 };
    expect(gaussianPosterior(effect, 0.95, "higher", { mean: 0, variance: 1e-6 }).posteriorMean).toBeLessThan(0.001);
    expect(gaussianPosterior(effect, 0.95, "higher", { mean: 0, variance: 1e6 }).posteriorMean).toBeCloseTo(0.05, 8);
  });
});

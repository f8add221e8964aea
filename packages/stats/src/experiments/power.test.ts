import { describe, expect, it } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { daysUntilDetectable, minimumDetectableEffect } from "./power.js";
import { analysePower } from "./power-analysis.js";
import { plainArm } from "./sufficient-statistics.js";

describe("power", () => {
  it.each(SCIPY.mde)("the MDE matches statsmodels' NormalIndPower.solve_power (units $units) to 1e-6", (ref) => {
    const [nA, nB] = ref.units;
    const mde = minimumDetectableEffect(
      plainArm(nA ?? 0, 10, ref.sd ** 2),
      plainArm(nB ?? 0, 10, ref.sd ** 2),
      ref.level,
      ref.power,
    );
    expectRelative(mde.absolute, ref.absolute);
    expectRelative(mde.relative, ref.absolute / 10);
  });

  it.each(SCIPY.requiredUnits)("the units needed for a $relative lift match statsmodels to 1e-6", (ref) => {
    // 1,000 units so far in the observed split; 1 unit a day so that days = remaining units.
    const control = plainArm(1000 * ref.shareA, ref.mean, ref.sd ** 2);
    const treatment = plainArm(1000 * (1 - ref.shareA), ref.mean, ref.sd ** 2);
    const answer = daysUntilDetectable(control, treatment, ref.relative, 1, ref.level, ref.power);
    expectRelative(answer?.requiredUnits, ref.total);
    expect(answer?.days).toBe(Math.ceil(ref.total - 1000));
  });

  it("counts whole days at the observed traffic and says 0 once the effect is detectable", () => {
    const control = plainArm(5000, 10, 4);
    const treatment = plainArm(5000, 10, 4);
    const needed = daysUntilDetectable(control, treatment, 0.01, 2500, 0.95, 0.8);
    expect(needed?.requiredUnits).toBeGreaterThan(10_000);
    expect(needed?.days).toBe(Math.ceil(((needed?.requiredUnits ?? 0) - 10_000) / 2500));
    expect(daysUntilDetectable(control, treatment, 0.5, 2500, 0.95, 0.8)?.days).toBe(0);
  });

  it("no traffic, no effect or a zero control mean give no answer instead of Infinity", () => {
    const arm = plainArm(100, 10, 4);
    expect(daysUntilDetectable(arm, arm, 0.01, 0, 0.95)).toBeNull();
    expect(daysUntilDetectable(arm, arm, 0, 100, 0.95)).toBeNull();
    expect(daysUntilDetectable(plainArm(100, 0, 4), arm, 0.01, 100, 0.95)).toBeNull();
    expect(minimumDetectableEffect(plainArm(100, 0, 4), arm, 0.95).relative).toBeNull();
  });
});

describe("analysePower (from the store's sums)", () => {
  // Sums whose sample variance is exactly sd²: Σx² = sd²(n − 1) + (Σx)²/n.
  const sums = (units: number, mean: number, sd: number) => ({
    units,
    sum: units * mean,
    sumSquares: sd * sd * (units - 1) + units * mean * mean,
  });

  it.each(SCIPY.mde)("gives statsmodels' MDE for a mean metric (units $units) to 1e-6", (ref) => {
    const [nA, nB] = ref.units;
    const answer = analysePower({
      kind: "mean",
      control: sums(nA ?? 0, 10, ref.sd),
      treatment: sums(nB ?? 0, 10, ref.sd),
      confidenceLevel: ref.level,
      power: ref.power,
    });
    expectRelative(answer.minimumDetectableEffect?.absolute, ref.absolute);
    expect(answer.daysUntilDetectable).toBeNull();
  });

  it("counts the days for a target effect at the observed traffic", () => {
    const answer = analysePower({
      kind: "mean",
      control: sums(5000, 10, 2),
      treatment: sums(5000, 10, 2),
      targetRelativeEffect: 0.01,
      dailyUnits: 1000,
    });
    // statsmodels: 12,558.2 units in total for a 1 % lift at sd 2, mean 10 (the requiredUnits reference).
    expect(answer.daysUntilDetectable?.days).toBe(3);
  });

  it("answers not enough data instead of a number for a bad power, no units or no variance", () => {
    const arm = sums(100, 10, 2);
    expect(analysePower({ kind: "mean", control: arm, treatment: arm, power: 1 }).notEnoughData?.reason).toBe(
      "invalid-input",
    );
    expect(analysePower({ kind: "mean", control: sums(0, 0, 0), treatment: arm }).notEnoughData?.reason).toBe(
      "no-units",
    );
    const flat = { units: 10, sum: 10, sumSquares: 10 };
    expect(analysePower({ kind: "mean", control: flat, treatment: flat }).notEnoughData?.reason).toBe("zero-variance");
  });
});

import { describe, expect, it } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { daysUntilDetectable, minimumDetectableEffect } from "./power.js";
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

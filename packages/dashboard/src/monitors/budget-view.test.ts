import { describe, expect, it } from "vitest";
import { budgetBar, burnPairRows, formatAmount, formatRate, formatShare } from "./budget-view.js";

describe("budgetBar", () => {
  it("calls a barely touched budget too careful", () => {
    const bar = budgetBar({ budget: 8064, spent: 96 });
    expect(bar.level).toBe("healthy");
    expect(bar.tooCareful).toBe(true);
    expect(bar.leftShare).toBeCloseTo(1 - 96 / 8064, 6);
  });

  it("is low under a quarter left and exhausted once spent, with the bar clamped at empty", () => {
    expect(budgetBar({ budget: 100, spent: 80 })).toMatchObject({ level: "low", tooCareful: false });
    expect(budgetBar({ budget: 100, spent: 150 })).toMatchObject({ level: "exhausted", leftShare: 0, spentShare: 1.5 });
  });

  it("says there is no data when nothing was predicted yet rather than calling it too careful", () => {
    expect(budgetBar({ budget: 0, spent: 0 })).toEqual({
      leftShare: 1,
      spentShare: 0,
      level: "no data",
      tooCareful: false,
    });
  });
});

describe("burnPairRows", () => {
  it("burns a pair only when both of its windows exceed the factor", () => {
    const rows = burnPairRows({ "5m": 20, "1h": 15, "30m": 7, "6h": 2, "3d": 0.5 });
    expect(rows.map((r) => [r.label, r.burning])).toEqual([
      ["14.4× over 1h and 5m", true],
      ["6× over 6h and 30m", false],
      ["1× over 3d and 6h", false],
    ]);
    expect(rows[1]).toMatchObject({ longRate: 2, shortRate: 7 });
  });

  it("reads a missing window as zero", () => {
    expect(burnPairRows({}).every((r) => r.longRate === 0 && r.shortRate === 0 && !r.burning)).toBe(true);
  });
});

describe("formatting", () => {
  it("separates thousands and keeps one decimal for small fractions", () => {
    expect(formatAmount(7968)).toBe("7,968");
    expect(formatAmount(12.345)).toBe("12.3");
    expect(formatAmount(1612800.4)).toBe("1,612,800");
  });

  it("writes shares as percentages and rates as multiples", () => {
    expect(formatShare(0.005)).toBe("0.5%");
    expect(formatShare(0.988)).toBe("98.8%");
    expect(formatRate(0.4)).toBe("0.4×");
    expect(formatRate(14.44)).toBe("14.4×");
  });
});

import { describe, expect, it } from "vitest";
import {
  formatAbsolute,
  formatChance,
  formatCostPerDay,
  formatCount,
  formatDaysUntil,
  formatInterval,
  formatPValue,
  formatRelative,
  formatValue,
} from "./result-format.js";

describe("result formatting", () => {
  it("writes a proportion's value as a rate and other kinds as three significant digits", () => {
    expect(formatValue("proportion", 0.2345)).toBe("23.4%");
    expect(formatValue("proportion", 0.0123)).toBe("1.23%");
    expect(formatValue("mean", 2.34567)).toBe("2.35");
    expect(formatValue("ratio", 0.004567)).toBe("0.00457");
    expect(formatValue("quantile", 123456.7)).toBe("123,457");
    expect(formatValue("mean", null)).toBe("—");
  });

  it("signs relative changes with a real minus sign and percentage points for proportions", () => {
    expect(formatRelative(0.021)).toBe("+2.10%");
    expect(formatRelative(-0.5)).toBe("−50.0%");
    expect(formatRelative(0)).toBe("0.00%");
    expect(formatRelative(3.2)).toBe("+320%");
    expect(formatAbsolute("proportion", 0.1)).toBe("+10.0 pp");
    expect(formatAbsolute("proportion", -0.0042)).toBe("−0.42 pp");
    expect(formatAbsolute("mean", -3.456)).toBe("−3.46");
    expect(formatInterval(0.004, 0.038)).toBe("[+0.40%, +3.80%]");
    expect(formatInterval(null, 0.1)).toBe("—");
  });

  it("never prints NaN, Infinity, 0.000 for a tiny p-value or 100% for a near-certain chance", () => {
    expect(formatPValue(0.0004)).toBe("< 0.001");
    expect(formatPValue(0.0456)).toBe("0.046");
    expect(formatPValue(Number.NaN)).toBe("—");
    expect(formatChance(0.9999)).toBe("> 99.9%");
    expect(formatChance(0.0001)).toBe("< 0.1%");
    expect(formatChance(0.873)).toBe("87.3%");
    expect(formatRelative(Number.POSITIVE_INFINITY)).toBe("—");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});

describe("cost and time to detection", () => {
  it("states a time metric's change as CPU time per day, in hours when it reaches a tenth of one", () => {
    expect(formatCostPerDay({ milliseconds: 41 * 3_600_000, cpuHours: 41 })).toBe("+41 CPU-h/day");
    expect(formatCostPerDay({ milliseconds: -3200, cpuHours: -3200 / 3_600_000 })).toBe("−3.2 CPU-s/day");
    expect(formatCostPerDay(undefined)).toBeNull();
  });

  it("says how many more days a 1% change needs, or that it is detectable now", () => {
    expect(formatDaysUntil({ relativeEffect: 0.01, days: 2.2 })).toBe("a 1% change needs 3 more days");
    expect(formatDaysUntil({ relativeEffect: 0.01, days: 1 })).toBe("a 1% change needs 1 more day");
    expect(formatDaysUntil({ relativeEffect: 0.01, days: 0 })).toBe("a 1% change is detectable now");
    expect(formatDaysUntil(null)).toBeNull();
  });
});

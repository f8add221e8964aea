import { describe, expect, test } from "vitest";
import { formatRate, poolStatusLine } from "./traffic-status-text.js";

describe("switchboard traffic status", () => {
  test.each([
    [4.680075573276725, "4.7/s"],
    [12, "12/s"],
    [99.96, "100/s"],
    [1249.6, "1,250/s"],
    [0.0333, "0.03/s"],
    [0, "0/s"],
  ])("prints a request rate of %s as %s", (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  test("a pool's line holds the rounded rate, not every digit of the measurement", () => {
    const line = poolStatusLine({
      name: "blue",
      percent: 90,
      healthy: true,
      requestRate: 4.680075573276725,
      errorRate: 0.01234,
      drained: false,
    });
    expect(line).toBe("  blue             90%  healthy      4.7/s  errors 1.2%");
    expect(poolStatusLine({ name: "green", percent: 10, healthy: null, requestRate: null, errorRate: null })).toBe(
      "  green            10%  unknown          -  errors -",
    );
  });
});

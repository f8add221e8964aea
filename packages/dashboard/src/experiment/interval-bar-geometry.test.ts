import { describe, expect, it } from "vitest";
import { barDomain, intervalBarGeometry, toleranceEdge } from "./interval-bar-geometry.js";

describe("interval bar geometry", () => {
  it("puts zero in the middle and the interval where its values fall on a symmetric range", () => {
    const g = intervalBarGeometry({ relative: 0.1, ciLow: 0.05, ciHigh: 0.15 }, 0.2, 200);
    expect(g.zeroX).toBe(100);
    expect(g.lowX).toBeCloseTo(125, 9);
    expect(g.highX).toBeCloseTo(175, 9);
    expect(g.pointX).toBeCloseTo(150, 9);
    expect(g.clippedLow || g.clippedHigh).toBe(false);
    expect(g.toleranceX).toBeNull();
  });

  it("clips an interval wider than the drawing to its edges and says so", () => {
    const g = intervalBarGeometry({ relative: 0, ciLow: -0.5, ciHigh: 0.3 }, 0.2, 200);
    expect(g.lowX).toBe(0);
    expect(g.highX).toBe(200);
    expect(g.clippedLow).toBe(true);
    expect(g.clippedHigh).toBe(true);
  });

  it("draws the guardrail tolerance on the bad side of zero, and only inside the range", () => {
    expect(toleranceEdge(0.05, "lower")).toBe(0.05);
    expect(toleranceEdge(0.05, "higher")).toBe(-0.05);
    expect(toleranceEdge(undefined, "higher")).toBeNull();
    const g = intervalBarGeometry({ relative: 0.3, ciLow: 0.25, ciHigh: 0.35 }, 0.4, 200, 0.05);
    expect(g.toleranceX).toBeCloseTo(112.5, 9);
    expect(intervalBarGeometry({ relative: 0, ciLow: -0.01, ciHigh: 0.01 }, 0.02, 200, 0.05).toleranceX).toBeNull();
  });

  it("sizes the range to hold every interval and tolerance of a metric, at least ±1%", () => {
    expect(barDomain([0.1, -0.3, 0.05])).toBeCloseTo(0.33, 9);
    expect(barDomain([0.001, null, undefined, Number.NaN])).toBeCloseTo(0.011, 9);
  });
});

import { describe, expect, it } from "vitest";
import { apportion, percentText, pointsFromWeights, rebalance, TOTAL_POINTS, weightsFromPoints } from "./weights.js";

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe("experiment weight sliders", () => {
  it("reads model weights as basis points summing to 100%, equal when absent or mismatched", () => {
    expect(pointsFromWeights([0.34, 0.33, 0.33], 3)).toEqual([3400, 3300, 3300]);
    expect(pointsFromWeights(undefined, 3)).toEqual([3334, 3333, 3333]);
    expect(pointsFromWeights([0.5, 0.5], 3)).toEqual([3334, 3333, 3333]);
    expect(pointsFromWeights([1 / 3, 1 / 3, 1 / 3], 3)).toEqual([3334, 3333, 3333]);
    expect(weightsFromPoints([2000, 4000, 4000])).toEqual([0.2, 0.4, 0.4]);
  });

  it("gives what one slider frees to the others in proportion to their shares", () => {
    expect(rebalance([3400, 3300, 3300], 0, 2000)).toEqual([2000, 4000, 4000]);
    expect(rebalance([5000, 3000, 2000], 0, 0)).toEqual([0, 6000, 4000]);
    expect(rebalance([5000, 5000], 1, 7500)).toEqual([2500, 7500]);
  });

  it("shares equally among the others when they all stand at zero", () => {
    expect(rebalance([10_000, 0, 0], 0, 4000)).toEqual([4000, 3000, 3000]);
  });

  it("always sums to exactly 100% and clamps the moved slider", () => {
    let points = pointsFromWeights(undefined, 7);
    for (const [index, value] of [
      [0, 1234],
      [3, 9999],
      [6, -50],
      [2, 12_000],
      [5, 333.6],
    ] as const) {
      points = rebalance(points, index, value);
      expect(sum(points)).toBe(TOTAL_POINTS);
      expect(points.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
    // Slider 2 was clamped to 100%, so it alone gave up what slider 5 took.
    expect(points[5]).toBe(334);
    expect(points[2]).toBe(9666);
    expect(rebalance([10_000], 0, 10)).toEqual([10_000]);
  });

  it("apportions by largest remainder", () => {
    expect(apportion([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(apportion([0, 0], 10)).toEqual([5, 5]);
    expect(apportion([], 10)).toEqual([]);
  });

  it("writes percents with up to two decimals", () => {
    expect(percentText(5000)).toBe("50%");
    expect(percentText(3333)).toBe("33.33%");
  });
});

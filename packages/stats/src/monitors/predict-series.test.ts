import { describe, expect, test } from "vitest";
import { poisson, seasonalRate, seededRandom } from "../test-data/seeded-series.js";
import { predictSeries } from "./predict-series.js";
import { robustCenter } from "./robust-center.js";

describe("robustCenter", () => {
  test("median and trimmed mean by hand; one bad week barely moves either", () => {
    expect(robustCenter([10, 20, 35, 100, 40], "median")).toBe(35);
    expect(robustCenter([10, 20, 35, 100, 40], "trimmed-mean")).toBeCloseTo((20 + 35 + 40) / 3, 12);
    expect(robustCenter([100, 104, 98, 20], "median")).toBe(99);
    expect(robustCenter([100, 104, 98, 20], "trimmed-mean")).toBe(99);
    expect(robustCenter([4, 6], "trimmed-mean")).toBe(5);
    expect(robustCenter([], "median")).toBeNull();
  });
});

describe("predictSeries", () => {
  test("a constant series predicts itself, seasonally, with a Poisson band of ±3√100", () => {
    const history = new Array<number>(2 * 10080).fill(100);
    const result = predictSeries(history);
    const last = result.buckets[history.length - 1];
    expect(result.basis).toBe("seasonal");
    expect(result.level).toBe(1);
    expect(last).toEqual({ expected: 100, standardDeviation: 10, low: 70, high: 130, basis: "seasonal" });
  });

  test("the same slot of past weeks: median or trimmed mean of [10, 20, 35, 100, 40]", () => {
    // Daily buckets: a week is 7 buckets; slot 35 looks back at 28, 21, 14, 7 and 0.
    const history = new Array<number>(35).fill(1);
    [history[0], history[7], history[14], history[21], history[28]] = [10, 20, 35, 100, 40];
    const median = predictSeries(history, { bucketMinutes: 1440, weeks: 5, ahead: 1, kind: "value" });
    expect(median.buckets[35]?.expected).toBe(35);
    const trimmed = predictSeries(history, { bucketMinutes: 1440, weeks: 5, ahead: 1, combine: "trimmed-mean" });
    expect(trimmed.buckets[35]?.expected).toBeCloseTo(95 / 3, 12);
    // Predicting bucket 35 reads nothing at or after it: changing the future does not change the prediction.
    const changed = [...history, 999];
    expect(predictSeries(changed, { bucketMinutes: 1440, weeks: 5 }).buckets[35]?.expected).toBe(35);
  });

  test("the year-ago slot joins the weekly ones when asked", () => {
    const history = new Array<number>(364).fill(100);
    history[0] = 200;
    const options = { bucketMinutes: 1440, weeks: 1, ahead: 1 } as const;
    expect(predictSeries(history, options).buckets[364]?.expected).toBe(100);
    expect(predictSeries(history, { ...options, yearAgo: true }).buckets[364]?.expected).toBe(150);
  });

  test("growth: the level is Σ actual / Σ seasonal over the window before the bucket (110·48 / 100·48 = 1.1)", () => {
    const week = 168;
    const history = new Array<number>(4 * week + 48).fill(100);
    for (let i = 4 * week; i < history.length; i++) history[i] = 110;
    const result = predictSeries(history, { bucketMinutes: 60, levelBuckets: 48, ahead: 1 });
    expect(result.level).toBeCloseTo(1.1, 12);
    expect(result.buckets[history.length]?.expected).toBeCloseTo(110, 9);
  });

  test("one bad week (half the traffic) does not move the median", () => {
    const week = 168;
    const history = new Array<number>(4 * week).fill(100);
    for (let i = week; i < 2 * week; i++) history[i] = 50;
    const result = predictSeries(history, { bucketMinutes: 60, ahead: 1 });
    expect(result.buckets[4 * week]?.expected).toBe(100);
  });

  test("cold start: the mean of the last 60 buckets, and `none` before any data", () => {
    const history = Array.from({ length: 100 }, (_, i) => i);
    const result = predictSeries(history);
    expect(result.buckets[0]).toEqual({
      expected: null,
      standardDeviation: null,
      low: null,
      high: null,
      basis: "none",
    });
    expect(result.buckets[10]?.basis).toBe("short-window");
    expect(result.buckets[10]?.expected).toBe(4.5); // mean of 0..9
    expect(result.buckets[99]?.expected).toBe((39 + 98) / 2); // mean of 39..98
    expect(result.basis).toBe("short-window");
  });

  test("missing buckets are skipped, not read as zeros", () => {
    const history: (number | null)[] = new Array<number>(2 * 10080).fill(100);
    for (let i = 10080 - 100; i < 10080 + 100; i++) history[i] = null;
    const result = predictSeries(history);
    expect(result.buckets[2 * 10080 - 1]?.expected).toBe(100);
    expect(result.buckets[10080 + 5]?.expected).toBe(100);
  });

  test("Poisson traffic with daily and weekly cycles: 99.7% of the fifth week inside the 3σ band, errors of a few %", () => {
    const random = seededRandom(7);
    const minutes = 5 * 10080;
    const rates = Array.from({ length: minutes }, (_, m) => seasonalRate(m, 200));
    const history = rates.map((rate) => poisson(random, rate));
    const result = predictSeries(history);
    let inside = 0;
    let relativeError = 0;
    for (let m = 4 * 10080; m < minutes; m++) {
      const p = result.buckets[m];
      const actual = history[m] as number;
      if (p && actual >= (p.low as number) && actual <= (p.high as number)) inside++;
      relativeError += Math.abs((p?.expected as number) / (rates[m] as number) - 1);
    }
    expect(inside / 10080).toBeGreaterThan(0.99);
    expect(relativeError / 10080).toBeLessThan(0.03);
  });
});

import { describe, expect, test } from "vitest";
import { burnRate, evaluateBurnRates, SRE_BURN_RATE_PAIRS } from "./burn-rate.js";
import { errorBudget } from "./error-budget.js";

const MINUTE = 60_000;

describe("errorBudget", () => {
  const predicted = new Array<number>(10).fill(100);
  const actual = [100, 90, 80, 110, 95, 100, 70, 100, 100, 100];
  const incidents = [
    { id: "A", start: 1 * MINUTE, end: 3 * MINUTE, cause: "flag-a" },
    { id: "B", start: 6 * MINUTE, end: 7 * MINUTE, cause: null },
    { id: "C", start: 8 * MINUTE, end: null, cause: "flag-a" },
  ];
  const base = { predicted, actual, startTime: 0, bucketMs: MINUTE, allowedShortfall: 0.1, incidents };

  test("by hand: budget 0.1·1000 = 100; incidents spend 10 + 20 + 30 = 60; the 5 outside does not count", () => {
    const result = errorBudget(base);
    expect(result).toMatchObject({
      predictedTotal: 1000,
      actualTotal: 945,
      budget: 100,
      spent: 60,
      remaining: 40,
      spentFraction: 0.6,
      burnRate: 0.6,
      netShortfall: 55,
      tooCareful: false,
    });
    expect(result.cumulativeSpent).toEqual([0, 10, 30, 30, 30, 30, 60, 60, 60, 60]);
    expect(result.byIncident.map((x) => [x.id, x.spent, x.predicted, x.budgetFraction])).toEqual([
      ["A", 30, 200, 0.3],
      ["B", 30, 100, 0.3],
      ["C", 0, 200, 0],
    ]);
    expect(result.byCause).toEqual([
      { cause: "flag-a", spent: 30, incidents: 2, budgetFraction: 0.3 },
      { cause: null, spent: 30, incidents: 1, budgetFraction: 0.3 },
    ]);
  });

  test("every-bucket spends the literal integral (65), missing buckets are skipped", () => {
    expect(errorBudget({ ...base, spend: "every-bucket" }).spent).toBe(65);
    const gaps = errorBudget({ ...base, spend: "every-bucket", actual: [null, ...actual.slice(1)] });
    expect(gaps.predictedTotal).toBe(900);
    expect(gaps.spent).toBe(65);
  });

  test("too careful: a week at the prediction spends nothing and says so; a young budget does not", () => {
    const week = new Array<number>(7 * 1440).fill(50);
    const quiet = errorBudget({
      predicted: week,
      actual: week,
      startTime: 0,
      bucketMs: MINUTE,
      allowedShortfall: 0.005,
    });
    expect(quiet.spent).toBe(0);
    expect(quiet.tooCareful).toBe(true);
    const young = errorBudget({
      predicted: week.slice(1),
      actual: week.slice(1),
      startTime: 0,
      bucketMs: MINUTE,
      allowedShortfall: 0.005,
    });
    expect(young.tooCareful).toBe(false);
  });
});

describe("burn rates", () => {
  // 5-minute buckets: 1 h = 12, 6 h = 72, 30 min = 6, 3 days = 864.
  const predicted = new Array<number>(864).fill(100);
  const actual = predicted.map((p, i) => (i >= 864 - 12 ? 90 : p));
  const input = { predicted, actual, bucketMs: 5 * MINUTE, allowedShortfall: 0.005 };

  test("by hand: the last hour 10% short = 20× over 1 h, 5 min and 30 min; 120/7200 = 3.33× over 6 h; 0.278× over 3 days", () => {
    expect(burnRate(input, 12)).toBeCloseTo(20, 9);
    expect(burnRate(input, 72)).toBeCloseTo(10 / 3, 9);
    expect(burnRate(input, 864)).toBeCloseTo(120 / 86_400 / 0.005, 9);
    const result = evaluateBurnRates(input);
    expect(result.pairs.map((p) => [p.factor, p.firing])).toEqual([
      [14.4, true],
      [6, false],
      [1, false],
    ]);
    expect(result.firing).toBe("page");
  });

  test("both windows must burn: an hour-old drop that has recovered in the last 5 minutes does not page", () => {
    const recovered = actual.map((a, i) => (i === 863 ? 100 : a));
    const result = evaluateBurnRates({ ...input, actual: recovered });
    expect(result.pairs[0]?.shortBurnRate).toBe(0);
    expect(result.firing).toBeNull();
    // A surge burns nothing.
    expect(burnRate({ ...input, actual: predicted.map((p) => p * 2) }, 12)).toBe(0);
    expect(SRE_BURN_RATE_PAIRS.map((p) => [p.longMs / MINUTE, p.shortMs / MINUTE])).toEqual([
      [60, 5],
      [360, 30],
      [4320, 360],
    ]);
  });
});

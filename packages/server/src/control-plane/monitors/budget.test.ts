import { describe, expect, it } from "vitest";
import { computeBudget } from "./budget.js";
import type { MonitorRunState } from "./run-state.js";

const NOW = new Date("2030-01-29T00:00:00.000Z");
const minute = (ago: number, expected: number, actual: number) => ({
  at: new Date(NOW.getTime() - ago * 60_000).toISOString(),
  expected,
  actual,
  lower: 0,
  upper: expected * 2,
});

describe("error budget", () => {
  it("is the allowed fraction of the predicted total; spent is the summed shortfall; burn rates per window", () => {
    // 28 days of 100/min predicted = 4,032,000; 0.5% = 20,160 allowed. 10,000 short over the last hour.
    const hours = Array.from({ length: 28 * 24 }, (_, i) => ({
      at: new Date(NOW.getTime() - (28 * 24 - i) * 3_600_000).toISOString(),
      expected: 6000,
      shortfall: i === 28 * 24 - 1 ? 10_000 : 0,
    }));
    const minutes = Array.from({ length: 360 }, (_, i) => minute(360 - i, 100, i >= 300 ? 100 - 10_000 / 60 : 100));
    const state: MonitorRunState = { hours, minutes };
    const view = computeBudget({
      monitor: "b",
      budget: { allowedFraction: 0.005, windowDays: 28 },
      now: NOW,
      state,
      incidents: [],
    });
    expect(view.predicted).toBe(4_032_000);
    expect(view.budget).toBeCloseTo(20_160);
    expect(view.spent).toBe(10_000);
    expect(view.left).toBeCloseTo(10_160);
    // The last hour lost 10,000 of 6,000 × 0.005 = 30 allowed: burning 333× over 1 h and 5 min.
    expect(view.burnRates["1h"]).toBeCloseTo(10_000 / 30, 0);
    expect(view.burnRates["5m"]).toBeCloseTo((5 * 10_000) / 60 / (500 * 0.005), 0);
    expect(view.burning).toContain("14.4x over 1h and 5m");
    const calm = computeBudget({
      monitor: "b",
      budget: { allowedFraction: 0.005, windowDays: 28 },
      now: NOW,
      state: {},
      incidents: [],
    });
    expect(calm).toMatchObject({ predicted: 0, spent: 0, left: 0, burning: [] });
  });
});

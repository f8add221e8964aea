import type { Alert } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { bandSeries, burnSeries, minutesAsLedger, onsetLines } from "./chart-series.js";

describe("bandSeries", () => {
  it("orders the minutes and keeps the band's lower edge at zero or above", () => {
    const series = bandSeries([
      { at: "2030-01-08T11:01:00.000Z", expected: 40, actual: 12, lower: 28, upper: 52 },
      { at: "2030-01-08T11:00:00.000Z", expected: 3, actual: 4, lower: -1, upper: 7 },
    ]);
    expect(series.times).toEqual([
      Date.parse("2030-01-08T11:00:00.000Z") / 1000,
      Date.parse("2030-01-08T11:01:00.000Z") / 1000,
    ]);
    expect(series.actual).toEqual([4, 12]);
    expect(series.lower).toEqual([0, 28]);
    expect(series.upper).toEqual([7, 52]);
  });
});

describe("onsetLines", () => {
  it("draws each alert at its onset, marking the open one", () => {
    const lines = onsetLines([
      { onsetAt: "2030-01-08T11:30:00.000Z", direction: "drop", resolvedAt: null } as Alert,
      { onsetAt: "2030-01-07T09:00:00.000Z", direction: "surge", resolvedAt: "2030-01-07T09:20:00.000Z" } as Alert,
    ]);
    expect(lines.map((l) => [l.atS, l.label])).toEqual([
      [Date.parse("2030-01-08T11:30:00.000Z") / 1000, "onset drop (open)"],
      [Date.parse("2030-01-07T09:00:00.000Z") / 1000, "onset surge"],
    ]);
  });
});

describe("burnSeries", () => {
  it("cumulates the shortfall against the allowed pace inside the window only", () => {
    const now = Date.parse("2030-01-29T00:00:00.000Z");
    const series = burnSeries(
      [
        { at: "2029-12-01T00:00:00.000Z", expected: 1000, shortfall: 999 },
        { at: "2030-01-28T23:00:00.000Z", expected: 2000, shortfall: 4 },
        { at: "2030-01-28T22:00:00.000Z", expected: 2000, shortfall: 6 },
      ],
      0.005,
      28,
      now,
    );
    expect(series.spent).toEqual([6, 10]);
    expect(series.allowed).toEqual([10, 20]);
    expect(series.times[0]).toBe(Date.parse("2030-01-28T22:00:00.000Z") / 1000);
  });
});

describe("minutesAsLedger", () => {
  it("charges only the shortfall of each minute, never a surplus", () => {
    expect(
      minutesAsLedger([
        { at: "2030-01-08T11:00:00.000Z", expected: 40, actual: 10, lower: 21, upper: 59 },
        { at: "2030-01-08T11:01:00.000Z", expected: 40, actual: 55, lower: 21, upper: 59 },
      ]).map((h) => h.shortfall),
    ).toEqual([30, 0]);
  });
});

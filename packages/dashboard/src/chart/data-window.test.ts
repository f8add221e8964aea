import { describe, expect, it } from "vitest";
import { bucketFor, dataWindow, extentOf } from "./data-window.js";

const NOW = Date.parse("2026-03-01T12:00:30Z");
const minutesAgo = (m: number) => NOW - m * 60_000;

describe("dataWindow", () => {
  it("opens from the earliest event to now, so 40 minutes of fresh data fill the chart", () => {
    const { fromS, toS } = dataWindow({ earliestMs: minutesAgo(40), latestMs: minutesAgo(1) }, NOW);
    expect(toS * 1000).toBeGreaterThanOrEqual(NOW);
    expect(fromS * 1000).toBeLessThanOrEqual(minutesAgo(40));
    expect(toS - fromS).toBeLessThanOrEqual(42 * 60);
    expect(fromS % 60).toBe(0);
  });

  it("is at least a quarter of an hour wide, at most the look-back, and a day without data", () => {
    const fresh = dataWindow({ earliestMs: minutesAgo(1), latestMs: minutesAgo(1) }, NOW);
    expect(fresh.toS - fresh.fromS).toBe(15 * 60);
    const old = dataWindow({ earliestMs: NOW - 30 * 86_400_000, latestMs: minutesAgo(1) }, NOW);
    expect(old.toS - old.fromS).toBe(7 * 86_400);
    const none = dataWindow(null, NOW);
    expect(none.toS - none.fromS).toBe(86_400);
  });
});

describe("extentOf", () => {
  it("reads ISO text and epoch numbers, and is null when nothing was seen", () => {
    expect(extentOf("2026-03-01T11:00:00Z", "2026-03-01T11:30:00Z")).toEqual({
      earliestMs: Date.parse("2026-03-01T11:00:00Z"),
      latestMs: Date.parse("2026-03-01T11:30:00Z"),
    });
    expect(extentOf(1_700_000_000, 1_700_000_000_000)).toEqual({
      earliestMs: 1_700_000_000_000,
      latestMs: 1_700_000_000_000,
    });
    expect(extentOf(null, null)).toBeNull();
  });
});

describe("bucketFor", () => {
  it("keeps a window to a few hundred points", () => {
    expect(bucketFor(40 * 60).bucket).toBe("1m");
    expect(bucketFor(24 * 3600).bucket).toBe("5m");
    expect(bucketFor(7 * 86_400).bucket).toBe("1h");
  });
});

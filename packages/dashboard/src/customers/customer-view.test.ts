import type { CustomerExposureSpan } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { searchTarget, shortTime, timelineBars, utcFromLocalInput } from "./customer-view.js";

const span = (startedAt: string, endedAt: string | null): CustomerExposureSpan => ({
  environment: "production",
  flag: "checkout",
  variation: "on",
  ruleId: "r",
  experiment: null,
  release: null,
  startedAt,
  endedAt,
  lastSeenAt: startedAt,
  exposures: 1,
});

describe("the customer page's pure parts", () => {
  it("searches by unit id unless an attribute is named", () => {
    expect(searchTarget("", " u-42 ")).toEqual({ kind: "unit", unit: "u-42" });
    expect(searchTarget("unit", "u-42")).toEqual({ kind: "unit", unit: "u-42" });
    expect(searchTarget("email_hash", "h1")).toEqual({ kind: "attribute", attribute: "email_hash", value: "h1" });
    expect(searchTarget("email_hash", "  ")).toBeNull();
  });

  it("places timeline stretches on one axis that ends now, open ones running to now", () => {
    const now = Date.parse("2026-03-01T01:00:00Z");
    const bars = timelineBars(
      [span("2026-03-01T00:30:00Z", null), span("2026-03-01T00:00:00Z", "2026-03-01T00:30:00Z")],
      now,
    );
    expect(bars.map((b) => [b.left, b.width])).toEqual([
      [50, 50],
      [0, 50],
    ]);
    expect(timelineBars([span("2026-03-01T01:00:00Z", "2026-03-01T01:00:00Z")], now)[0]?.width).toBe(0.5);
    expect(timelineBars([], now)).toEqual([]);
  });

  it("formats times in UTC and reads datetime inputs as UTC", () => {
    expect(shortTime("2026-03-01T12:04:05.123Z")).toBe("2026-03-01 12:04:05 UTC");
    expect(shortTime(null)).toBe("now");
    expect(utcFromLocalInput("2026-03-01T12:04")).toBe("2026-03-01T12:04:00.000Z");
    expect(utcFromLocalInput("")).toBeUndefined();
  });
});

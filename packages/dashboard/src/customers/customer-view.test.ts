import type { CustomerExposureSpan, CustomerRequest } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { requestTicks, searchTarget, shortTime, timeAxis, timelineBars, utcFromLocalInput } from "./customer-view.js";

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

const request = (ts: string, status: string): CustomerRequest => ({
  id: `r-${ts}`,
  ts,
  environment: "production",
  name: "request",
  status,
  durationMs: 10,
  release: null,
  assignments: {},
  rawEventsHref: "",
  explorerHref: "",
});

describe("the customer page's pure parts", () => {
  it("searches by unit id unless an attribute is named", () => {
    expect(searchTarget("", " u-42 ")).toEqual({ kind: "unit", unit: "u-42" });
    expect(searchTarget("unit", "u-42")).toEqual({ kind: "unit", unit: "u-42" });
    expect(searchTarget("email_hash", "h1")).toEqual({ kind: "attribute", attribute: "email_hash", value: "h1" });
    expect(searchTarget("email_hash", "  ")).toBeNull();
  });

  it("places stretches and requests on one axis that ends now, open stretches running to now", () => {
    const now = Date.parse("2026-03-01T01:00:00Z");
    const spans = [span("2026-03-01T00:30:00Z", null), span("2026-03-01T00:00:00Z", "2026-03-01T00:30:00Z")];
    const requests = [request("2026-03-01T00:45:00Z", "500"), request("2026-03-01T00:15:00Z", "200")];
    const axis = timeAxis(spans, requests, now);
    expect(timelineBars(spans, axis).map((b) => [b.left, b.width])).toEqual([
      [50, 50],
      [0, 50],
    ]);
    expect(requestTicks(requests, axis).map((t) => [t.left, t.failed])).toEqual([
      [75, true],
      [25, false],
    ]);
    const early = timeAxis(spans, [request("2025-12-31T23:00:00Z", "error")], now);
    expect(early.start).toBe(Date.parse("2025-12-31T23:00:00Z"));
    const single = [span("2026-03-01T01:00:00Z", "2026-03-01T01:00:00Z")];
    expect(timelineBars(single, timeAxis(single, [], now))[0]?.width).toBe(0.5);
  });

  it("formats times in UTC and reads datetime inputs as UTC", () => {
    expect(shortTime("2026-03-01T12:04:05.123Z")).toBe("2026-03-01 12:04:05 UTC");
    expect(shortTime(null)).toBe("now");
    expect(utcFromLocalInput("2026-03-01T12:04")).toBe("2026-03-01T12:04:00.000Z");
    expect(utcFromLocalInput("")).toBeUndefined();
  });
});

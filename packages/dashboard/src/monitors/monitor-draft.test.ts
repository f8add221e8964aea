import type { MonitorView } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { channelBody, draftFromMonitor, emptyChannel, emptyMonitorDraft, monitorBody } from "./monitor-draft.js";

const shown: MonitorView = {
  description: "bookings per minute",
  metric: {
    fn: "sum",
    field: "fields.amount",
    where: [{ field: "name", op: "=", value: "booking" }],
    environment: "production",
  },
  scheduleMinutes: 2,
  prediction: { weeks: 6, yearAgo: true },
  alert: {
    direction: "both",
    cusumK: 0.5,
    cusumH: 8,
    minRelativeChange: 0.05,
    recoveryMinutes: 10,
    channels: [
      { type: "webhook", url: "https://hooks.example/x", secret: "…Ab12" },
      { type: "slack", url: "https://hooks.slack.com/…Xy12" },
      { type: "pagerduty", routingKey: "…789a", severity: "critical" },
      { type: "email", to: ["oncall@example.com", "lead@example.com"] },
    ],
  },
  actions: { action: "kill", minConfidence: 0.95 },
  budget: { allowedFraction: 0.005, windowDays: 28 },
};

describe("monitor draft", () => {
  it("sends back what the API showed, redacted secrets included, when nothing was edited", () => {
    expect(monitorBody(draftFromMonitor("bookings", shown))).toEqual(shown);
  });

  it("sends a typed secret instead of the stored one, and leaves out a secret nothing stores", () => {
    const webhook = { ...emptyChannel("webhook"), url: "https://h", stored: "…Ab12", secret: " whsec_new " };
    expect(channelBody(webhook)).toEqual({ type: "webhook", url: "https://h", secret: "whsec_new" });
    expect(channelBody({ ...emptyChannel("slack") })).toEqual({ type: "slack" });
    expect(channelBody({ ...emptyChannel("email"), to: "a@example.com, b@example.com;c@example.com " })).toEqual({
      type: "email",
      to: ["a@example.com", "b@example.com", "c@example.com"],
    });
    expect(channelBody({ ...emptyChannel("pagerduty"), secret: "K".repeat(32) })).toEqual({
      type: "pagerduty",
      routingKey: "K".repeat(32),
    });
  });

  it("leaves defaults to the server and sends a number that is no number as typed", () => {
    const draft = { ...emptyMonitorDraft(), key: "orders", where: [{ field: "name", op: "=", value: "order" }] };
    expect(monitorBody(draft)).toEqual({
      metric: { fn: "count", where: [{ field: "name", op: "=", value: "order" }], environment: "production" },
      alert: { direction: "drop", channels: [] },
    });
    expect(monitorBody({ ...draft, scheduleMinutes: "often", budgetDays: "28" })).toMatchObject({
      scheduleMinutes: "often",
      budget: { allowedFraction: "", windowDays: 28 },
    });
  });
});

import { describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { DEFAULT_EVENTS_CONFIG } from "../events-config.js";
import type { Clock } from "../ports/clock.js";
import { sampleEvent } from "../store/event-store.contract.js";
import { startMaintenanceRunner } from "./maintenance-runner.js";
import { startOnDemandPass } from "./testing/on-demand-periodic-pass.js";

function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

describe("event store maintenance runner", () => {
  it("deletes events as the clock moves past their age limit, per environment", async () => {
    const store = await DuckDbEventStore.open({ path: ":memory:" });
    const clock = manualClock("2026-03-01T09:00:00Z");
    const events = (prefix: string) => [
      sampleEvent(`${prefix}1`, { ts: "2026-03-01T08:00:00.000Z" }),
      sampleEvent(`${prefix}2`, { ts: "2026-03-05T08:00:00.000Z" }),
    ];
    await store.append({ batchId: "p", environment: "production", items: events("p") });
    await store.append({ batchId: "d", environment: "development", items: events("d") });
    const runner = startMaintenanceRunner({
      store,
      clock,
      startPeriodicPass: startOnDemandPass,
      config: {
        ...DEFAULT_EVENTS_CONFIG,
        retentionDays: 7,
        retentionByEnvironment: { development: { maxAgeDays: 2 } },
      },
    });
    try {
      expect((await runner.runOnce()).retention).toEqual({ deletedEvents: 0, deletedExposures: 0 });
      clock.set("2026-03-05T12:00:00Z");
      expect((await runner.runOnce()).retention.deletedEvents).toBe(1);
      expect((await store.stats()).eventsByEnvironment).toEqual({ development: 1, production: 2 });
      clock.set("2026-03-08T12:00:00Z");
      await runner.runOnce();
      expect((await store.stats()).eventsByEnvironment).toEqual({ production: 1 });
    } finally {
      await runner.stop();
      await store.close();
    }
  });

  it("re-clusters finished days once, leaving today to later passes", async () => {
    const store = await DuckDbEventStore.open({ path: ":memory:" });
    const clock = manualClock("2026-03-02T09:00:00Z");
    const runner = startMaintenanceRunner({
      store,
      clock,
      config: DEFAULT_EVENTS_CONFIG,
      startPeriodicPass: startOnDemandPass,
    });
    expect((await runner.runOnce()).clustering).toEqual({ days: 0, rows: 0 });
    await store.append({
      batchId: "b",
      environment: "production",
      items: [
        sampleEvent("yesterday", { ts: "2026-03-01T08:00:00.000Z" }),
        sampleEvent("today", { ts: "2026-03-02T08:00:00.000Z" }),
      ],
    });
    try {
      expect((await runner.runOnce()).clustering).toEqual({ days: 1, rows: 2 });
      expect((await runner.runOnce()).clustering).toEqual({ days: 0, rows: 0 });
      clock.set("2026-03-03T00:10:00Z");
      expect((await runner.runOnce()).clustering).toEqual({ days: 1, rows: 2 });
    } finally {
      await runner.stop();
      await store.close();
    }
  });
});

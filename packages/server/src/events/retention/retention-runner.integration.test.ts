import { describe, expect, it } from "vitest";
import type { Clock } from "../../time/clock.js";
import { DEFAULT_EVENTS_CONFIG } from "../events-config.js";
import { DuckDbEventStore } from "../store/duckdb-event-store.js";
import { sampleEvent } from "../store/event-store.contract.js";
import { startRetentionRunner } from "./retention-runner.js";

function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

describe("retention runner", () => {
  it("deletes events as the clock moves past their age limit, per environment", async () => {
    const store = await DuckDbEventStore.open({ path: ":memory:" });
    const clock = manualClock("2026-03-01T09:00:00Z");
    const events = (prefix: string) => [
      sampleEvent(`${prefix}1`, { ts: "2026-03-01T08:00:00.000Z" }),
      sampleEvent(`${prefix}2`, { ts: "2026-03-05T08:00:00.000Z" }),
    ];
    await store.append({ batchId: "p", environment: "production", items: events("p") });
    await store.append({ batchId: "d", environment: "development", items: events("d") });
    const runner = startRetentionRunner({
      store,
      clock,
      config: {
        ...DEFAULT_EVENTS_CONFIG,
        retentionDays: 7,
        retentionByEnvironment: { development: { maxAgeDays: 2 } },
      },
    });
    try {
      expect(await runner.runOnce()).toEqual({ deletedEvents: 0, deletedExposures: 0 });
      clock.set("2026-03-05T12:00:00Z");
      expect((await runner.runOnce()).deletedEvents).toBe(1);
      expect((await store.stats()).eventsByEnvironment).toEqual({ development: 1, production: 2 });
      clock.set("2026-03-08T12:00:00Z");
      await runner.runOnce();
      expect((await store.stats()).eventsByEnvironment).toEqual({ production: 1 });
    } finally {
      await runner.stop();
      await store.close();
    }
  });
});

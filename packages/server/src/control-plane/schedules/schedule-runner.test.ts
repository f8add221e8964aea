import { describe, expect, test } from "vitest";
import type { Clock } from "../../kernel/clock.js";
import type { Schedule } from "../../store/config-store.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { startScheduleRunner } from "./schedule-runner.js";

function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

const change = { actor: "alice", action: "schedule.create" };

function step(runAt: string, percent: number) {
  return {
    planId: "plan-1",
    flag: "new-checkout",
    environment: "production",
    runAt,
    action: { op: "ramp", rule: "jp-mac", percent },
    createdBy: "alice",
    reason: null,
  };
}

describe("schedule runner", () => {
  test("applies each ramp step once it falls due, in order, and marks it done", async () => {
    const clock = manualClock("2026-11-21T10:00:00Z");
    const store = new FakeConfigStore(clock);
    await store.createSchedules(
      [step("2026-11-21T11:00:00Z", 5), step("2026-11-21T12:00:00Z", 25), step("2026-11-21T13:00:00Z", 100)],
      change,
    );
    const applied: number[] = [];
    const runner = startScheduleRunner({
      store,
      clock,
      intervalMs: 60_000,
      apply: async (schedule: Schedule) => {
        applied.push(schedule.action["percent"] as number);
      },
    });
    try {
      expect(await runner.runOnce()).toEqual([]);
      clock.set("2026-11-21T12:30:00Z");
      await runner.runOnce();
      expect(applied).toEqual([5, 25]);
      await runner.runOnce();
      expect(applied).toEqual([5, 25]);
      const statuses = (await store.listSchedules({ flag: "new-checkout" })).map((s) => s.status).sort();
      expect(statuses).toEqual(["done", "done", "pending"]);
    } finally {
      await runner.stop();
    }
  });

  test("a step that cannot be applied is marked failed with the reason, and the others still run", async () => {
    const clock = manualClock("2026-11-21T12:00:00Z");
    const store = new FakeConfigStore(clock);
    await store.createSchedules([step("2026-11-21T11:00:00Z", 5), step("2026-11-21T11:30:00Z", 25)], change);
    const runner = startScheduleRunner({
      store,
      clock,
      intervalMs: 60_000,
      apply: async (schedule) => {
        if (schedule.action["percent"] === 5) throw new Error('rule "jp-mac" no longer exists');
      },
    });
    try {
      await runner.runOnce();
      const byPercent = new Map((await store.listSchedules()).map((s) => [s.action["percent"], s]));
      expect(byPercent.get(5)).toMatchObject({ status: "failed", error: 'rule "jp-mac" no longer exists' });
      expect(byPercent.get(25)).toMatchObject({ status: "done" });
    } finally {
      await runner.stop();
    }
  });

  test("two runners on one store never apply the same step twice", async () => {
    const clock = manualClock("2026-11-21T12:00:00Z");
    const store = new FakeConfigStore(clock);
    await store.createSchedules(
      Array.from({ length: 20 }, (_, i) => step(`2026-11-21T11:${String(i).padStart(2, "0")}:00Z`, i)),
      change,
    );
    const applied: number[] = [];
    const apply = async (schedule: Schedule) => {
      applied.push(schedule.action["percent"] as number);
    };
    const a = startScheduleRunner({ store, clock, intervalMs: 60_000, apply });
    const b = startScheduleRunner({ store, clock, intervalMs: 60_000, apply });
    try {
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      expect(applied.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import type { Schedule } from "./config-store.js";
import type { PortRef } from "./config-store-helpers.contract.js";
import { by, expectAppError, uniqueKey } from "./config-store-helpers.contract.js";
import type { NewSchedule, ScheduleStore } from "./schedule-store.js";

// Claims in this suite happen "in 2030"; schedules meant to stay pending run in 2999, so tests never steal them.
const NOW = "2030-01-01T00:00:00.000Z";
const LONG_AGO = "1970-01-01T00:00:00.000Z";
const FAR_FUTURE = "2999-01-01T00:00:00.000Z";

const step = (flag: string, runAt: string, planId: string | null = null): NewSchedule => ({
  planId,
  flag,
  environment: "production",
  runAt,
  action: { op: "ramp", rule: "all", percent: 25 },
  createdBy: "ann",
  reason: null,
});

const ofFlag = (flag: string, schedules: Schedule[]) => schedules.filter((s) => s.flag === flag);

/** The `ScheduleStore` port's part of the config store contract. */
export function describeScheduleStoreContract(ref: PortRef<ScheduleStore & ChangeLog>): void {
  describe("schedules", () => {
    it("creates pending schedules with one change and lists them by due time", async () => {
      const { store } = ref();
      const flag = uniqueKey("sched");
      const plan = uniqueKey("plan");
      const created = await store.createSchedules(
        [step(flag, "2999-03-01T00:00:00.000Z", plan), step(flag, "2999-02-01T00:00:00.000Z", plan)],
        by("ann", "flag.schedule"),
      );
      expect(created).toHaveLength(2);
      expect(created.every((s) => s.status === "pending" && s.error === null && s.appliedAt === null)).toBe(true);
      expect(created[0]?.action).toEqual({ op: "ramp", rule: "all", percent: 25 });
      const listed = await store.listSchedules({ flag });
      expect(listed.map((s) => s.runAt)).toEqual(["2999-02-01T00:00:00.000Z", "2999-03-01T00:00:00.000Z"]);
      expect(await store.listSchedules({ flag, status: "done" })).toEqual([]);
      const log = await store.listChanges({ subjectKind: "schedule", subjectKey: plan });
      expect(log.map((c) => c.action)).toEqual(["flag.schedule"]);
    });

    it("gives each due schedule to exactly one of many concurrent claimers and leaves future ones", async () => {
      const { store } = ref();
      const flag = uniqueKey("claim");
      const due = await store.createSchedules(
        Array.from({ length: 30 }, (_, i) => step(flag, new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString())),
        by("ann", "flag.schedule"),
      );
      await store.createSchedules([step(flag, FAR_FUTURE)], by("ann", "flag.schedule"));
      const claimer = async (): Promise<Schedule[]> => {
        const mine: Schedule[] = [];
        for (;;) {
          const batch = await store.claimDueSchedules(NOW, LONG_AGO, 4);
          if (batch.length === 0) return mine;
          mine.push(...batch);
        }
      };
      const claims = (await Promise.all(Array.from({ length: 8 }, claimer))).map((batch) => ofFlag(flag, batch));
      const ids = claims.flat().map((s) => s.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids)).toEqual(new Set(due.map((s) => s.id)));
      expect(claims.flat().every((s) => s.status === "running")).toBe(true);
      expect(await store.listSchedules({ flag, status: "pending" })).toHaveLength(1);
    });

    it("re-claims a running schedule whose claim is stale, not a fresh one, and records the outcome", async () => {
      const { store } = ref();
      const flag = uniqueKey("stale");
      const [schedule] = await store.createSchedules(
        [step(flag, "2021-01-01T00:00:00.000Z")],
        by("ann", "flag.schedule"),
      );
      if (schedule === undefined) throw new Error("no schedule created");
      expect(ofFlag(flag, await store.claimDueSchedules(NOW, LONG_AGO, 1000))).toHaveLength(1);
      expect(ofFlag(flag, await store.claimDueSchedules("2030-01-02T00:00:00.000Z", LONG_AGO, 1000))).toEqual([]);
      const again = ofFlag(
        flag,
        await store.claimDueSchedules("2030-01-03T00:00:00.000Z", "2030-01-02T00:00:00.000Z", 1000),
      );
      expect(again.map((s) => s.id)).toEqual([schedule.id]);
      await store.finishSchedule(schedule.id, {
        status: "failed",
        error: "rule gone",
        appliedAt: "2030-01-03T00:00:01.000Z",
      });
      const [finished] = await store.listSchedules({ flag });
      expect(finished).toMatchObject({ status: "failed", error: "rule gone", appliedAt: "2030-01-03T00:00:01.000Z" });
      expect(
        ofFlag(flag, await store.claimDueSchedules("2040-01-01T00:00:00.000Z", "2040-01-01T00:00:00.000Z", 1000)),
      ).toEqual([]);
      await expectAppError(store.finishSchedule(uniqueKey("nope"), { status: "done", appliedAt: NOW }), "NOT_FOUND");
    });

    it("cancels pending schedules by plan or by id, leaving the rest", async () => {
      const { store } = ref();
      const flag = uniqueKey("cancel");
      const plan = uniqueKey("plan");
      const planned = await store.createSchedules(
        [
          step(flag, FAR_FUTURE, plan),
          step(flag, "2999-02-01T00:00:00.000Z", plan),
          step(flag, "2999-03-01T00:00:00.000Z", plan),
        ],
        by("ann", "flag.schedule"),
      );
      const [single] = await store.createSchedules([step(flag, FAR_FUTURE)], by("ann", "flag.schedule"));
      if (single === undefined) throw new Error("no schedule created");
      const cancelled = await store.cancelSchedules({ planId: plan }, by("bob", "flag.schedule.cancel"));
      expect(new Set(cancelled.map((s) => s.id))).toEqual(new Set(planned.map((s) => s.id)));
      expect(cancelled.every((s) => s.status === "cancelled")).toBe(true);
      expect(await store.cancelSchedules({ planId: plan }, by("bob", "flag.schedule.cancel"))).toEqual([]);
      expect((await store.listSchedules({ flag, status: "pending" })).map((s) => s.id)).toEqual([single.id]);
      const byId = await store.cancelSchedules({ id: single.id }, by("bob", "flag.schedule.cancel"));
      expect(byId.map((s) => s.id)).toEqual([single.id]);
      const log = await store.listChanges({
        subjectKind: "schedule",
        action: "flag.schedule.cancel",
        actor: "bob",
        limit: 1000,
      });
      expect(log.filter((c) => c.subjectKey === plan || c.subjectKey === single.id)).toHaveLength(2);
      await expectAppError(store.cancelSchedules({}, by("bob", "flag.schedule.cancel")), "BAD_REQUEST");
    });
  });
}

import { randomUUID } from "node:crypto";
import { AppError } from "../kernel/index.js";
import { scheduleChangeSubject } from "./change-subjects.js";
import type { ChangeInput, Schedule } from "./config-store.js";
import type { FakeChangeLog } from "./fake-change-log.js";
import { clone, compareText, toIso } from "./fake-values.js";
import type { NewSchedule, ScheduleFilter, ScheduleStore } from "./schedule-store.js";

interface ClaimedSchedule extends Schedule {
  claimedAt: string | null;
}

/** The fake `ScheduleStore`: claims are immediate, as if one server ran alone. */
export class FakeScheduleStore implements ScheduleStore {
  readonly #schedules = new Map<string, ClaimedSchedule>();
  readonly #log: FakeChangeLog;

  constructor(log: FakeChangeLog) {
    this.#log = log;
  }

  async createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]> {
    this.#log.assertOpen();
    const created = schedules.map(
      (s): ClaimedSchedule => ({
        id: randomUUID(),
        planId: s.planId,
        flag: s.flag,
        environment: s.environment,
        runAt: toIso(s.runAt),
        action: clone(s.action),
        status: "pending",
        createdBy: s.createdBy,
        reason: s.reason,
        error: null,
        appliedAt: null,
        claimedAt: null,
      }),
    );
    if (created.length === 0) return [];
    for (const schedule of created) this.#schedules.set(schedule.id, schedule);
    const result = created.map(publicSchedule);
    this.#log.append({ ...change, ...scheduleChangeSubject(result, change, null, result) }, null);
    return result;
  }

  async listSchedules(filter: ScheduleFilter = {}): Promise<Schedule[]> {
    return [...this.#schedules.values()]
      .filter(
        (s) =>
          (filter.flag === undefined || s.flag === filter.flag) &&
          (filter.environment === undefined || s.environment === filter.environment) &&
          (filter.status === undefined || s.status === filter.status),
      )
      .sort(compareSchedules)
      .map(publicSchedule);
  }

  async claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]> {
    this.#log.assertOpen();
    const nowMs = Date.parse(now);
    const staleMs = Date.parse(staleBefore);
    const due = [...this.#schedules.values()]
      .filter(
        (s) =>
          (s.status === "pending" && Date.parse(s.runAt) <= nowMs) ||
          (s.status === "running" && s.claimedAt !== null && Date.parse(s.claimedAt) < staleMs),
      )
      .sort(compareSchedules)
      .slice(0, Math.max(0, limit));
    for (const schedule of due) {
      schedule.status = "running";
      schedule.claimedAt = toIso(now);
    }
    return due.map(publicSchedule);
  }

  async finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }) {
    this.#log.assertOpen();
    const schedule = this.#schedules.get(id);
    if (schedule === undefined) throw new AppError("NOT_FOUND", `Schedule "${id}" does not exist.`);
    schedule.status = outcome.status;
    schedule.error = outcome.error ?? null;
    schedule.appliedAt = toIso(outcome.appliedAt);
  }

  async cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]> {
    this.#log.assertOpen();
    if (ids.id === undefined && ids.planId === undefined) {
      throw new AppError("BAD_REQUEST", "Give a schedule id or a plan id to cancel.");
    }
    const cancelled = [...this.#schedules.values()]
      .filter(
        (s) =>
          s.status === "pending" &&
          (ids.id === undefined || s.id === ids.id) &&
          (ids.planId === undefined || s.planId === ids.planId),
      )
      .sort(compareSchedules);
    if (cancelled.length === 0) return [];
    const before = cancelled.map(publicSchedule);
    for (const schedule of cancelled) schedule.status = "cancelled";
    const after = cancelled.map(publicSchedule);
    this.#log.append({ ...change, ...scheduleChangeSubject(after, change, before, after) }, null);
    return after;
  }
}

function publicSchedule(schedule: ClaimedSchedule): Schedule {
  const { claimedAt: _claimedAt, ...rest } = schedule;
  return clone(rest);
}

function compareSchedules(a: Schedule, b: Schedule): number {
  return Date.parse(a.runAt) - Date.parse(b.runAt) || compareText(a.id, b.id);
}

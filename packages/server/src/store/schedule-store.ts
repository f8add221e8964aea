import type { Schedule, ScheduleStatus } from "@switchboard/core";
import type { ChangeInput } from "../kernel/index.js";

export type NewSchedule = Pick<
  Schedule,
  "planId" | "flag" | "environment" | "runAt" | "action" | "createdBy" | "reason"
>;

export interface ScheduleFilter {
  flag?: string;
  environment?: string;
  status?: ScheduleStatus;
}

/** The schedules port: planned flag changes, claimed by whichever server is due first. */
export interface ScheduleStore {
  createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]>;
  listSchedules(filter?: ScheduleFilter): Promise<Schedule[]>;
  /**
   * Claims up to `limit` pending schedules due at `now` (and `running` ones claimed before `staleBefore`, whose
   * process died), marking them running; safe when several servers claim at once (each row goes to one).
   */
  claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]>;
  finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }): Promise<void>;
  /** Cancels pending schedules by id or by plan id; returns what was cancelled. */
  cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]>;
}

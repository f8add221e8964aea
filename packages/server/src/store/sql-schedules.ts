import { randomUUID } from "node:crypto";
import { AppError } from "../kernel/index.js";
import { scheduleChangeSubject } from "./change-subjects.js";
import type { ChangeInput, NewSchedule, Schedule, ScheduleStatus } from "./config-store.js";
import { firstRow, insertChange } from "./sql-changes.js";
import type { SqlQueryable, SqlTransaction } from "./sql-client.js";
import { jsonParam, type ScheduleRow, toSchedule } from "./sql-rows.js";

const ORDER = "ORDER BY run_at, id";

/** Inserts pending schedules and one change listing them. */
export async function insertSchedules(
  tx: SqlTransaction,
  now: string,
  schedules: readonly NewSchedule[],
  change: ChangeInput,
): Promise<Schedule[]> {
  const created: Schedule[] = [];
  for (const s of schedules) {
    const rows = await tx.query<ScheduleRow>(
      `INSERT INTO schedules (id, plan_id, flag, environment, run_at, action, status, created_by, reason, created_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, 'pending', $7, $8, $9)
       RETURNING *`,
      [randomUUID(), s.planId, s.flag, s.environment, s.runAt, jsonParam(s.action), s.createdBy, s.reason, now],
    );
    created.push(toSchedule(firstRow(rows)));
  }
  if (created.length === 0) return [];
  await insertChange(tx, now, { ...change, ...scheduleChangeSubject(created, change, null, created) }, null);
  return sortSchedules(created);
}

/** Lists schedules by due time. */
export async function selectSchedules(
  db: SqlQueryable,
  filter: { flag?: string; environment?: string; status?: ScheduleStatus },
): Promise<Schedule[]> {
  const rows = await db.query<ScheduleRow>(
    `SELECT * FROM schedules
      WHERE ($1::text IS NULL OR flag = $1) AND ($2::text IS NULL OR environment = $2)
        AND ($3::text IS NULL OR status = $3)
      ${ORDER}`,
    [filter.flag ?? null, filter.environment ?? null, filter.status ?? null],
  );
  return rows.map(toSchedule);
}

/** Marks due (or stale running) schedules running; rows locked by another claimer are skipped, never shared. */
export async function claimSchedules(
  db: SqlQueryable,
  now: string,
  staleBefore: string,
  limit: number,
): Promise<Schedule[]> {
  const rows = await db.query<ScheduleRow>(
    `WITH due AS (
       SELECT id FROM schedules
        WHERE (status = 'pending' AND run_at <= $1::timestamptz)
           OR (status = 'running' AND claimed_at < $2::timestamptz)
        ${ORDER}
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     )
     UPDATE schedules s SET status = 'running', claimed_at = $1::timestamptz
       FROM due WHERE s.id = due.id
     RETURNING s.*`,
    [now, staleBefore, Math.max(0, Math.floor(limit))],
  );
  return sortSchedules(rows.map(toSchedule));
}

/** Records how a claimed schedule ended; NOT_FOUND for an unknown id. */
export async function finishScheduleRow(
  db: SqlQueryable,
  id: string,
  outcome: { status: "done" | "failed"; error?: string; appliedAt: string },
): Promise<void> {
  const rows = await db.query<{ id: string }>(
    "UPDATE schedules SET status = $2, error = $3, applied_at = $4::timestamptz WHERE id = $1 RETURNING id",
    [id, outcome.status, outcome.error ?? null, outcome.appliedAt],
  );
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Schedule "${id}" does not exist.`);
}

/** Cancels pending schedules by id or plan id and logs one change when any were cancelled. */
export async function cancelScheduleRows(
  tx: SqlTransaction,
  now: string,
  ids: { id?: string; planId?: string },
  change: ChangeInput,
): Promise<Schedule[]> {
  if (ids.id === undefined && ids.planId === undefined) {
    throw new AppError("BAD_REQUEST", "Give a schedule id or a plan id to cancel.");
  }
  const rows = await tx.query<ScheduleRow>(
    `UPDATE schedules SET status = 'cancelled'
      WHERE status = 'pending' AND ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR plan_id = $2)
     RETURNING *`,
    [ids.id ?? null, ids.planId ?? null],
  );
  const after = sortSchedules(rows.map(toSchedule));
  if (after.length === 0) return [];
  const before = after.map((s) => ({ ...s, status: "pending" }));
  await insertChange(tx, now, { ...change, ...scheduleChangeSubject(after, change, before, after) }, null);
  return after;
}

function sortSchedules(schedules: Schedule[]): Schedule[] {
  return schedules.sort(
    (a, b) => Date.parse(a.runAt) - Date.parse(b.runAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

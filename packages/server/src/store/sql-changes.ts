import type { Clock } from "../kernel/index.js";
import { clampChangeLimit } from "./change-filter.js";
import type { Change, ChangeFilter, ChangeInput, ChangeSubject } from "./config-store.js";
import type { SqlClient, SqlQueryable, SqlTransaction } from "./sql-client.js";
import { type ChangeRow, jsonParam, toChange } from "./sql-rows.js";

/** The notification channel that carries the `seq` of every committed change to every server. */
export const CHANGES_CHANNEL = "switchboard_changes";

// Every write that logs a change holds this lock until it commits, so `seq` order is commit order: a reader
// that has seen seq N can never later find a smaller seq appear (SSE resume relies on it).
const CHANGE_WRITE_LOCK_ID = 7_240_002;

/** A write transaction: `now` is read after the write lock was taken, so `at` grows with `seq`. */
export type ChangeWrite<R> = (tx: SqlTransaction, now: string) => Promise<R>;

/** Runs `fn` in a transaction that holds the change-write lock. */
export function runChangeWrite<R>(client: SqlClient, clock: Clock, fn: ChangeWrite<R>): Promise<R> {
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [CHANGE_WRITE_LOCK_ID]);
    return fn(tx, clock.now().toISOString());
  });
}

/** Appends a change and queues its notification, which PostgreSQL delivers when the transaction commits. */
export async function insertChange(
  tx: SqlTransaction,
  now: string,
  input: ChangeInput & ChangeSubject,
  version: number | null,
): Promise<Change> {
  const rows = await tx.query<ChangeRow>(
    `INSERT INTO changes (at, actor, action, subject_kind, subject_key, environment, before, after, reason, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
     RETURNING *`,
    [
      now,
      input.actor,
      input.action,
      input.subjectKind,
      input.subjectKey,
      input.environment ?? null,
      jsonParam(input.before),
      jsonParam(input.after),
      input.reason ?? null,
      version,
    ],
  );
  const change = toChange(firstRow(rows));
  await tx.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, String(change.seq)]);
  return change;
}

/** Lists changes matching `filter`, newest first unless ascending. */
export async function selectChanges(db: SqlQueryable, filter: ChangeFilter): Promise<Change[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.subjectKind !== undefined) add((p) => `subject_kind = ${p}`, filter.subjectKind);
  if (filter.subjectKey !== undefined) add((p) => `subject_key = ${p}`, filter.subjectKey);
  if (filter.environment !== undefined) add((p) => `environment = ${p}`, filter.environment);
  if (filter.actor !== undefined) add((p) => `actor = ${p}`, filter.actor);
  if (filter.action !== undefined) add((p) => `action LIKE ${p}`, `${escapeLike(filter.action)}%`);
  if (filter.from !== undefined) add((p) => `at >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `at < ${p}::timestamptz`, filter.to);
  if (filter.afterSeq !== undefined) add((p) => `seq > ${p}`, filter.afterSeq);
  if (filter.beforeSeq !== undefined) add((p) => `seq < ${p}`, filter.beforeSeq);
  params.push(clampChangeLimit(filter));
  const rows = await db.query<ChangeRow>(
    `SELECT * FROM changes ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY seq ${filter.ascending === true ? "ASC" : "DESC"} LIMIT $${params.length}`,
    params,
  );
  return rows.map(toChange);
}

/** The newest change's seq, 0 when the log is empty. */
export async function selectLatestSeq(db: SqlQueryable): Promise<number> {
  const rows = await db.query<{ seq: string | number | null }>("SELECT max(seq) AS seq FROM changes");
  return Number(rows[0]?.seq ?? 0);
}

/** The first row of a statement that always returns one (an INSERT … RETURNING). */
export function firstRow<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error("The statement returned no row.");
  return row;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

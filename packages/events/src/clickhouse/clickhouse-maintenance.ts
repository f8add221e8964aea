import type { OptimizeOptions, OptimizeResult, RetentionPolicy, RetentionResult } from "../store/event-store.js";
import { type DayCount, planRetention } from "../store/retention-plan.js";
import { CLICKHOUSE_DAY_TABLES } from "./clickhouse-migrations.js";

/** What maintenance needs of the store: a read and a statement, both with server-side parameters. */
export interface ClickHouseStatements {
  rows(sql: string, params: Record<string, unknown>): Promise<unknown[][]>;
  command(sql: string, params: Record<string, unknown>): Promise<void>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Deletes the days the policy no longer keeps (the same plan as the DuckDB store: age per environment, then the
 * oldest days over a size limit) with lightweight deletes that return only once applied. Table TTL, when set, is a
 * backstop beyond the longest age limit; this pass applies the per-environment limits.
 */
export async function applyClickHouseRetention(
  db: ClickHouseStatements,
  policy: RetentionPolicy,
): Promise<RetentionResult> {
  const counts = (
    await db.rows("SELECT environment, toString(day), count() FROM events GROUP BY environment, day", {})
  ).map(
    ([environment, day, events]): DayCount => ({
      environment: String(environment),
      day: String(day),
      events: Number(events),
    }),
  );
  const environments = (
    await db.rows(
      `SELECT DISTINCT environment FROM (SELECT environment FROM events UNION ALL SELECT environment FROM exposures
         UNION ALL SELECT environment FROM ingest_batches)`,
      {},
    )
  ).map((row) => String(row[0]));
  const result: RetentionResult = { deletedEvents: 0, deletedExposures: 0 };
  for (const cut of planRetention(policy, environments, counts)) {
    const params = { environment: cut.environment, before: cut.beforeDay, days: cut.days };
    const where = "environment = {environment:String} AND (day < {before:Date} OR has({days:Array(Date)}, day))";
    for (const table of CLICKHOUSE_DAY_TABLES) {
      const [[n] = [0]] = await db.rows(`SELECT count() FROM ${table} WHERE ${where}`, params);
      if (Number(n) === 0) continue;
      await db.command(`DELETE FROM ${table} WHERE ${where}`, params);
      if (table === "events") result.deletedEvents += Number(n);
      if (table === "exposures") result.deletedExposures += Number(n);
    }
    await db.command(
      "DELETE FROM ingest_batches WHERE environment = {environment:String} AND received_at < toDateTime64({before:Date}, 3, 'UTC')",
      { environment: cut.environment, before: cut.beforeDay },
    );
  }
  return result;
}

/** The tables merged for reads by (environment, flag, variation, ts), one day (partition) at a time. */
const CLUSTERED_TABLES = ["assignments", "exposures"] as const;

/**
 * Merges each day of the bridge and exposure tables into one sorted part (`OPTIMIZE … PARTITION … FINAL`) when its
 * row count changed since it was last merged, so a per-variation read opens one part per day. Appends keep flowing:
 * a merge only replaces parts that already exist.
 */
export async function optimizeClickHouseDays(
  db: ClickHouseStatements,
  options: OptimizeOptions,
): Promise<OptimizeResult> {
  const result: OptimizeResult = { days: 0, rows: 0 };
  for (const table of CLUSTERED_TABLES) {
    const cutoff = options.before === undefined ? "" : "AND t.day < {before:Date}";
    const changed = await db.rows(
      `SELECT toString(t.day), t.n FROM (SELECT day, count() AS n FROM ${table} GROUP BY day) AS t
       LEFT JOIN (SELECT day, argMax(row_count, version) AS rc FROM clustered_days WHERE tbl = {table:String}
                  GROUP BY day) AS c ON c.day = t.day
       WHERE (c.rc IS NULL OR c.rc != t.n) ${cutoff} ORDER BY t.day SETTINGS join_use_nulls = 1`,
      { table, before: options.before?.toISOString().slice(0, 10) },
    );
    for (const [day, rows] of changed) {
      const text = String(day);
      if (!DAY.test(text)) throw new Error(`Unexpected partition day ${text}`);
      // A partition ID of a Date key is its YYYYMMDD digits: checked above, so the text carries no SQL.
      await db.command(`OPTIMIZE TABLE ${table} PARTITION ID '${text.replaceAll("-", "")}' FINAL`, {});
      await db.command(
        "INSERT INTO clustered_days (tbl, day, row_count, version) SELECT {table:String}, {day:Date}, {rows:UInt64}, {version:UInt64}",
        { table, day: text, rows: Number(rows), version: Date.now() },
      );
      result.days++;
      result.rows += Number(rows);
    }
  }
  return result;
}

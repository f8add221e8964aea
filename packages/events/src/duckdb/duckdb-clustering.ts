import type { DuckDBConnection } from "@duckdb/node-api";
import type { OptimizeOptions, OptimizeResult } from "../store/event-store.js";

/** The tables clustered for reads by (flag, variation, ts), one day at a time. */
const CLUSTERED_TABLES = ["assignments", "exposures"] as const;

const HOUR_MS = 3_600_000;

/**
 * Rewrites each day of the bridge and exposure tables sorted by (flag, variation, ts) when its row count changed
 * since it was last clustered, so per-variation reads skip row groups by their min/max. Runs on the maintenance
 * connection, whose transactions never conflict with appends (those only insert), so ingest keeps flowing; each hour
 * of a day is its own transaction, which keeps every sort in memory and every transaction short (one 40M-row day
 * in one transaction took 280 s and spilled its sort to disk).
 */
export async function clusterDuckDbDays(
  connection: DuckDBConnection,
  options: OptimizeOptions,
): Promise<OptimizeResult> {
  const result: OptimizeResult = { days: 0, rows: 0 };
  for (const table of CLUSTERED_TABLES) {
    for (const { day, rows } of await changedDays(connection, table, options.before)) {
      const start = Date.parse(`${day}T00:00:00.000Z`);
      for (let hour = 0; hour < 24; hour++) {
        const from = new Date(start + hour * HOUR_MS).toISOString();
        const to = new Date(start + (hour + 1) * HOUR_MS).toISOString();
        await rewriteSorted(connection, table, day, from, to);
      }
      await connection.run("INSERT OR REPLACE INTO clustered_days VALUES (?, CAST(? AS DATE), CAST(? AS BIGINT))", [
        table,
        day,
        rows,
      ]);
      result.days++;
      result.rows += rows;
    }
  }
  // No explicit CHECKPOINT: it fails while an append's transaction is open; DuckDB checkpoints by WAL size itself.
  return result;
}

// One hour of one day's rows, deleted and inserted again in (flag, variation, ts) order, in one transaction.
async function rewriteSorted(
  connection: DuckDBConnection,
  table: (typeof CLUSTERED_TABLES)[number],
  day: string,
  from: string,
  to: string,
): Promise<void> {
  const slice = `day = CAST(? AS DATE) AND ts >= CAST(? AS TIMESTAMP) AND ts < CAST(? AS TIMESTAMP)`;
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE clustering AS SELECT * FROM ${table} WHERE ${slice} ORDER BY flag, variation, ts`,
      [day, from, to],
    );
    await connection.run(`DELETE FROM ${table} WHERE ${slice}`, [day, from, to]);
    await connection.run(`INSERT INTO ${table} SELECT * FROM clustering`);
    await connection.run("DROP TABLE clustering");
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

// Days (before `before`, when given) whose row count differs from the count recorded when they were clustered.
async function changedDays(
  connection: DuckDBConnection,
  table: (typeof CLUSTERED_TABLES)[number],
  before: Date | undefined,
): Promise<{ day: string; rows: number }[]> {
  const cutoff = before === undefined ? "" : "AND t.day < CAST(? AS DATE)";
  const params = before === undefined ? [table] : [table, before.toISOString().slice(0, 10)];
  const reader = await connection.runAndReadAll(
    `SELECT strftime(t.day, '%Y-%m-%d'), t.n FROM (SELECT day, count(*) AS n FROM ${table} GROUP BY day) t
     LEFT JOIN clustered_days c ON c.tbl = ? AND c.day = t.day
     WHERE c.row_count IS DISTINCT FROM t.n ${cutoff} ORDER BY t.day`,
    params,
  );
  return reader.getRowsJS().map(([day, rows]) => ({ day: String(day), rows: Number(rows) }));
}

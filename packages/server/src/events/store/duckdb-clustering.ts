import type { DuckDBConnection } from "@duckdb/node-api";
import type { OptimizeOptions, OptimizeResult } from "./event-store.js";

/** The tables clustered for reads by (flag, variation, ts), one day at a time. */
const CLUSTERED_TABLES = ["assignments", "exposures"] as const;

/** Runs one unit of write work on the write connection, never interleaved with appends (see `SerialQueue`). */
export type WriteSlot = <T>(work: (connection: DuckDBConnection) => Promise<T>) => Promise<T>;

/**
 * Rewrites each day of the bridge and exposure tables sorted by (flag, variation, ts) when its row count changed
 * since it was last clustered, so per-variation reads skip row groups by their min/max. Each day is its own
 * transaction in its own write slot: appends wait for one day at most, never for the whole pass.
 */
export async function clusterDuckDbDays(slot: WriteSlot, options: OptimizeOptions): Promise<OptimizeResult> {
  const result: OptimizeResult = { days: 0, rows: 0 };
  for (const table of CLUSTERED_TABLES) {
    for (const { day, rows } of await changedDays(slot, table, options.before)) {
      await slot(async (connection) => {
        await connection.run("BEGIN TRANSACTION");
        try {
          await connection.run(
            `CREATE OR REPLACE TEMP TABLE clustering AS SELECT * FROM ${table} WHERE day = CAST(? AS DATE) ORDER BY flag, variation, ts`,
            [day],
          );
          await connection.run(`DELETE FROM ${table} WHERE day = CAST(? AS DATE)`, [day]);
          await connection.run(`INSERT INTO ${table} SELECT * FROM clustering`);
          await connection.run("DROP TABLE clustering");
          await connection.run("INSERT OR REPLACE INTO clustered_days VALUES (?, CAST(? AS DATE), CAST(? AS BIGINT))", [
            table,
            day,
            rows,
          ]);
          await connection.run("COMMIT");
        } catch (error) {
          await connection.run("ROLLBACK").catch(() => undefined);
          throw error;
        }
      });
      result.days++;
      result.rows += rows;
    }
  }
  if (result.days > 0) await slot((connection) => connection.run("CHECKPOINT"));
  return result;
}

// Days (before `before`, when given) whose row count differs from the count recorded when they were clustered.
async function changedDays(
  slot: WriteSlot,
  table: (typeof CLUSTERED_TABLES)[number],
  before: Date | undefined,
): Promise<{ day: string; rows: number }[]> {
  const cutoff = before === undefined ? "" : "AND t.day < CAST(? AS DATE)";
  const params = before === undefined ? [table] : [table, before.toISOString().slice(0, 10)];
  const reader = await slot((connection) =>
    connection.runAndReadAll(
      `SELECT strftime(t.day, '%Y-%m-%d'), t.n FROM (SELECT day, count(*) AS n FROM ${table} GROUP BY day) t
       LEFT JOIN clustered_days c ON c.tbl = ? AND c.day = t.day
       WHERE c.row_count IS DISTINCT FROM t.n ${cutoff} ORDER BY t.day`,
      params,
    ),
  );
  return reader.getRowsJS().map(([day, rows]) => ({ day: String(day), rows: Number(rows) }));
}

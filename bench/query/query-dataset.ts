import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { applyDuckDbMigrations } from "../../packages/events/src/duckdb/duckdb-migrate.js";
import { seedEventsSql } from "../../packages/events/src/query/testing/seed-events.js";

/**
 * Events in the query benchmark dataset: 10M, the figure of record; `SWITCHBOARD_BENCH_QUERY_EVENTS` sets fewer for a
 * quick run (each size is generated and cached on its own).
 */
export const QUERY_BENCH_EVENTS = Number(process.env["SWITCHBOARD_BENCH_QUERY_EVENTS"] || 10_000_000);

// Bump when the generator changes so that a stale cached file is never measured.
const DATASET_VERSION = 3;

/**
 * The path of the benchmark's DuckDB file, generated on first use straight in DuckDB (range() + hash(), the store's
 * own migrations, the bridge table sorted as optimize() sorts it) and cached in the temp directory between runs.
 */
export async function ensureQueryDataset(note: (text: string) => void): Promise<string> {
  const path = join(tmpdir(), `switchboard-query-bench-${QUERY_BENCH_EVENTS}-v${DATASET_VERSION}.duckdb`);
  if (existsSync(path)) {
    note(`dataset: cached ${path}`);
    return path;
  }
  const partial = `${path}.partial`;
  await rm(partial, { force: true });
  await rm(`${partial}.wal`, { force: true });
  const startedMs = performance.now();
  const instance = await DuckDBInstance.create(partial);
  const connection = await instance.connect();
  await applyDuckDbMigrations(connection);
  for (const statement of [...seedEventsSql(QUERY_BENCH_EVENTS), "CHECKPOINT"]) {
    const stepMs = performance.now();
    await connection.run(statement);
    note(
      `dataset: ${statement.trim().split(/\s+/).slice(0, 3).join(" ")} … ${((performance.now() - stepMs) / 1000).toFixed(1)} s`,
    );
  }
  connection.closeSync();
  instance.closeSync();
  await rename(partial, path);
  note(
    `dataset: ${QUERY_BENCH_EVENTS} events generated in ${((performance.now() - startedMs) / 1000).toFixed(0)} s → ${path}`,
  );
  return path;
}

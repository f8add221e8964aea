import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { applyDuckDbMigrations } from "../../packages/events/src/duckdb/duckdb-migrate.js";

/** The shape of the analysis benchmark's data: exposed units, events, and where the experiment's window lies. */
export interface AnalysisDataset {
  units: number;
  events: number;
  experiment: string;
  environment: string;
  /** The phase: exposures fall in its first six days; events run from 14 days before it to its end. */
  start: Date;
  end: Date;
}

// Bump when the generator changes so that a stale cached file is never measured.
const DATASET_VERSION = 2;
const DAY_US = 86_400_000_000;

/** The dataset at a scale (1 = 1,000,000 units and 20,000,000 events). */
export function analysisDataset(scale: number): AnalysisDataset {
  return {
    units: Math.round(1_000_000 * scale),
    events: Math.round(20_000_000 * scale),
    experiment: "bench-exp",
    environment: "production",
    start: new Date("2026-01-15T00:00:00Z"),
    end: new Date("2026-01-22T00:00:00Z"),
  };
}

/**
 * SQL that fills an empty store with the dataset straight from `range()` and `hash()`, no round trip through
 * JavaScript: one exposure per unit (variations A/B half and half; 0.5% of units also exposed to the other one),
 * and events over the 14-day lookback plus the 7-day phase: 70% `request` with `sql` span totals (B runs 10% more
 * SQL), 25% `page`, 5% `checkout` (in A a fifth of those are pages instead: B converts more).
 */
export function analysisSeedSql(d: AnalysisDataset): string[] {
  const spanUs = 21 * DAY_US;
  const stepUs = Math.floor(spanUs / d.events);
  const lookbackStart = new Date(d.start.getTime() - 14 * 86_400_000).toISOString();
  return [
    `INSERT INTO exposures
     SELECT 'x' || i, ts, ts::DATE, '${d.environment}', 'u' || i, 'id', 'bench-flag',
       CASE WHEN hash(i, 'arm') % 2 = 0 THEN 'A' ELSE 'B' END, 'split', '${d.experiment}', TRUE, 'r1', 'seed'
     FROM (SELECT i, TIMESTAMP '${d.start.toISOString()}' + to_microseconds((hash(i, 'xt') % ${6 * DAY_US})::BIGINT) AS ts
           FROM range(${d.units}) t(i))`,
    `INSERT INTO exposures
     SELECT 'y' || i, TIMESTAMP '${d.start.toISOString()}' + INTERVAL 6 DAY, DATE '${d.start.toISOString().slice(0, 10)}' + 6,
       '${d.environment}', 'u' || i, 'id', 'bench-flag', 'B', 'split', '${d.experiment}', TRUE, 'r1', 'seed'
     FROM range(${d.units}) t(i) WHERE hash(i, 'twice') % 200 = 0 AND hash(i, 'arm') % 2 = 0`,
    `CREATE TEMP TABLE seed AS
     SELECT i, TIMESTAMP '${lookbackStart}' + to_microseconds((i * ${stepUs})::BIGINT) AS ts,
       hash(i, 'unit') % ${d.units} AS u, hash(i, 'kind') % 100 AS k
     FROM range(${d.events}) t(i)`,
    `INSERT INTO events
     SELECT 'e' || i, ts, ts::DATE, '${d.environment}',
       CASE WHEN k < 70 THEN 'request'
         WHEN k < 95 OR (hash(u, 'arm') % 2 = 0 AND hash(i, 'lift') % 10 < 2) THEN 'page'
         ELSE 'checkout' END,
       'u' || u, 'r1', 20 + hash(i, 'dur') % 200, '200',
       ['bench-flag'], [CASE WHEN hash(u, 'arm') % 2 = 0 THEN 'A' ELSE 'B' END],
       [], [], [],
       CASE WHEN k < 70 THEN ['sql'] ELSE [] END,
       CASE WHEN k < 70 THEN [(hash(i, 'ms') % 4000) / 100.0 * CASE WHEN hash(u, 'arm') % 2 = 1 THEN 1.1 ELSE 1 END] ELSE [] END,
       CASE WHEN k < 70 THEN [1 + hash(i, 'n') % 8] ELSE [] END,
       [], [], 0, 'seed', '{}', 1
     FROM seed`,
    "DROP TABLE seed",
    "CHECKPOINT",
  ];
}

/** The path of the dataset's DuckDB file, generated on first use and cached in the temp directory between runs. */
export async function ensureAnalysisDataset(d: AnalysisDataset, note: (text: string) => void): Promise<string> {
  const path = join(tmpdir(), `switchboard-analysis-bench-${d.units}-${d.events}-v${DATASET_VERSION}.duckdb`);
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
  for (const statement of analysisSeedSql(d)) {
    const stepMs = performance.now();
    await connection.run(statement);
    const words = statement.trim().split(/\s+/).slice(0, 3).join(" ");
    note(`dataset: ${words} … ${((performance.now() - stepMs) / 1000).toFixed(1)} s`);
  }
  connection.closeSync();
  instance.closeSync();
  await rename(partial, path);
  note(
    `dataset: ${d.units} units, ${d.events} events generated in ${((performance.now() - startedMs) / 1000).toFixed(0)} s → ${path}`,
  );
  return path;
}

import { DuckDbEventStore } from "../../packages/events/src/duckdb/duckdb-event-store.js";
import { QueryService } from "../../packages/events/src/query/query-service.js";
import { systemClock } from "../../packages/server/src/kernel/clock.js";
import type { Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import { ensureQueryDataset } from "./query-dataset.js";
import { openClickHouseDataset } from "./query-dataset-clickhouse.js";
import type { QueryWorkload } from "./query-workloads.js";

const RUNS = 5;

/**
 * The engines measured: both by default; `SWITCHBOARD_BENCH_QUERY_ENGINES=clickhouse` (or `duckdb`) measures one,
 * e.g. at a size whose other dataset is not generated yet.
 */
const ENGINES = new Set((process.env["SWITCHBOARD_BENCH_QUERY_ENGINES"] || "duckdb,clickhouse").split(","));

/**
 * Runs one workload on DuckDB (`switchboard`, `sql`) and then on ClickHouse holding events drawn alike
 * (`switchboard-clickhouse`, `sql-clickhouse`).
 */
export async function runQueryBenches(workload: QueryWorkload, reporter: Reporter): Promise<void> {
  if (ENGINES.has("duckdb")) await runQueryBench(workload, reporter);
  if (ENGINES.has("clickhouse")) await runClickHouseQueryBench(workload, reporter);
}

/**
 * Runs one workload both ways on the same DuckDB file and connection, interleaved run by run so that machine load
 * hits both alike: `switchboard` is the in-process API call (`QueryService.query`: JSON validation, compilation,
 * the store's `run`, result shaping), `sql` the hand-written statement through the same store's `run`.
 */
export async function runQueryBench(workload: QueryWorkload, reporter: Reporter): Promise<void> {
  const path = await ensureQueryDataset((text) => reporter.note(text));
  const store = await DuckDbEventStore.open({ path });
  try {
    const service = new QueryService(store, systemClock, { timeoutMs: 120_000 });
    await measureInterleaved(workload.bench, "warm-up done", reporter, [
      ["switchboard", () => service.query(workload.query)],
      ["sql", () => store.run({ sql: workload.sql, params: [] })],
    ]);
  } finally {
    await store.close();
  }
}

/**
 * The same comparison on ClickHouse: the test engine (chDB, ClickHouse 26.x in its own process, behind the HTTP
 * interface) holding as many events as the DuckDB file, drawn alike (`openClickHouseDataset`); `switchboard-clickhouse` is `QueryService.query` over the ClickHouse
 * store, `sql-clickhouse` the hand-written ClickHouse SQL through the same store's `run` (and `sql-clickhouse-exact`
 * where that SQL estimates what ours computes exactly), interleaved run by run.
 */
export async function runClickHouseQueryBench(workload: QueryWorkload, reporter: Reporter): Promise<void> {
  const dataset = await openClickHouseDataset((text) => reporter.note(text));
  try {
    const service = new QueryService(dataset.store, systemClock, { timeoutMs: 300_000 });
    const run = (sql: string) => () => dataset.store.run({ sql, params: [] });
    const impls: Impl[] = [
      ["switchboard-clickhouse", () => service.query(workload.query)],
      ["sql-clickhouse", run(workload.clickhouseSql)],
    ];
    if (workload.clickhouseExactSql !== undefined)
      impls.push(["sql-clickhouse-exact", run(workload.clickhouseExactSql)]);
    await measureInterleaved(workload.bench, "ClickHouse warm-up done", reporter, impls);
  } finally {
    await dataset.close();
  }
}

/** One measured way to answer: its impl name and the call. */
type Impl = [name: string, call: () => Promise<{ rows: readonly unknown[] }>];

/**
 * Warms every impl up once (noting its row count), then times `RUNS` rounds, the order rotating round by round so
 * that each impl runs first, in the middle and last alike, and emits each impl's times.
 */
async function measureInterleaved(bench: string, label: string, reporter: Reporter, impls: readonly Impl[]) {
  const rows: string[] = [];
  for (const [impl, call] of impls) rows.push(`${impl} ${(await call()).rows.length}`);
  reporter.note(`${bench}: ${label}; rows ${rows.join(", ")}`);
  const samples = new Map<string, number[]>(impls.map(([impl]) => [impl, []]));
  for (let index = 0; index < RUNS; index++) {
    for (let k = 0; k < impls.length; k++) {
      const [impl, call] = impls[(index + k) % impls.length] as Impl;
      const startedMs = performance.now();
      await call();
      samples.get(impl)?.push(performance.now() - startedMs);
    }
  }
  for (const [impl, times] of samples) reporter.emit(measurementOf(bench, impl, "ms", times));
}

import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@clickhouse/client";
import { DuckDBInstance } from "@duckdb/node-api";
import { ClickHouseEventStore } from "../../packages/events/src/clickhouse/clickhouse-event-store.js";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../packages/events/src/clickhouse/testing/clickhouse-test-engine.js";
import { QUERY_BENCH_EVENTS } from "./query-dataset.js";

// Bump with the DuckDB dataset's version, or when the copy changes.
const DATASET_VERSION = 3;

// The columns copied table by table, in the ClickHouse schema's order (the DuckDB layout has the same names).
const TABLES: Record<string, string> = {
  events:
    "id, ts, day, environment, name, unit, release, duration_ms, status, flags, variations, attr_keys, attr_str, attr_num, span_names, span_ms, span_count, counter_names, counter_values, message_count, batch_id, raw",
  assignments:
    "event_id, ts, day, environment, release, flag, variation, name, unit, status, duration_ms, span_names, span_ms, span_count, message_texts",
  event_messages: "event_id, ts, day, environment, release, name, at_ms, text",
};

/** A ClickHouse test engine holding the same events as the DuckDB benchmark file, and the store over it. */
export interface ClickHouseDataset {
  engine: ClickHouseTestEngine;
  store: ClickHouseEventStore;
  close(): Promise<void>;
}

/**
 * Starts the test engine (chDB behind the HTTP interface) on a cached data folder holding the DuckDB dataset's rows,
 * copied once through Parquet files (DuckDB's COPY, ClickHouse's `file()`), then merged per day as `optimize()`
 * leaves a store.
 */
export async function openClickHouseDataset(
  duckPath: string,
  note: (text: string) => void,
): Promise<ClickHouseDataset> {
  const folder = join(tmpdir(), `switchboard-query-bench-${QUERY_BENCH_EVENTS}-v${DATASET_VERSION}.chdb`);
  const ready = join(folder, "switchboard-ready");
  if (!existsSync(ready)) await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const engine = await startClickHouseTestEngine({ path: folder });
  const open = () =>
    ClickHouseEventStore.open({ url: engine.url, database: "bench", username: "default", password: "" });
  if (existsSync(ready)) {
    note(`dataset (ClickHouse): cached ${folder}`);
    const store = await open();
    return datasetOf(engine, store);
  }
  const startedMs = performance.now();
  const store = await open();
  const parquet = join(tmpdir(), `switchboard-query-bench-${process.pid}-parquet`);
  await mkdir(parquet, { recursive: true });
  const instance = await DuckDBInstance.create(duckPath, { access_mode: "READ_ONLY" });
  const duck = await instance.connect();
  const client = createClient({ url: engine.url, database: "bench", request_timeout: 1_800_000 });
  try {
    for (const [table, columns] of Object.entries(TABLES)) {
      const file = join(parquet, `${table}.parquet`);
      let stepMs = performance.now();
      await duck.run(`COPY (SELECT ${columns} FROM ${table}) TO '${file}' (FORMAT parquet)`);
      note(`dataset (ClickHouse): ${table} → Parquet ${((performance.now() - stepMs) / 1000).toFixed(1)} s`);
      stepMs = performance.now();
      await client.command({
        query: `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM file('${file}', Parquet)`,
        clickhouse_settings: { async_insert: 0 },
      });
      note(`dataset (ClickHouse): ${table} loaded ${((performance.now() - stepMs) / 1000).toFixed(1)} s`);
      await rm(file, { force: true });
    }
    const stepMs = performance.now();
    for (const table of Object.keys(TABLES)) await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    note(`dataset (ClickHouse): merged ${((performance.now() - stepMs) / 1000).toFixed(1)} s`);
    await client.command({ query: "SELECT 1" });
  } finally {
    await client.close();
    duck.closeSync();
    instance.closeSync();
    await rm(parquet, { recursive: true, force: true });
  }
  await writeFile(ready, `${QUERY_BENCH_EVENTS}\n`);
  note(
    `dataset (ClickHouse): ${QUERY_BENCH_EVENTS} events copied in ${((performance.now() - startedMs) / 1000).toFixed(0)} s → ${folder}`,
  );
  return datasetOf(engine, store);
}

function datasetOf(engine: ClickHouseTestEngine, store: ClickHouseEventStore): ClickHouseDataset {
  return {
    engine,
    store,
    close: async () => {
      await store.close();
      await engine.stop();
    },
  };
}

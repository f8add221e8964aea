import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { ClickHouseEventStore } from "../../packages/events/src/clickhouse/clickhouse-event-store.js";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../packages/events/src/clickhouse/testing/clickhouse-test-engine.js";
import { seedEventsClickHouseSql } from "../../packages/events/src/query/testing/seed-events-clickhouse.js";
import { QUERY_BENCH_EVENTS } from "./query-dataset.js";

// Bump when the generator changes so that a stale cached folder is never measured.
const DATASET_VERSION = 4;

const TABLES = ["events", "event_messages", "assignments"] as const;

/** A ClickHouse test engine holding the benchmark's events, and the store over it. */
export interface ClickHouseDataset {
  engine: ClickHouseTestEngine;
  store: ClickHouseEventStore;
  close(): Promise<void>;
}

/**
 * Starts the test engine (chDB behind the HTTP interface) on a cached data folder holding `QUERY_BENCH_EVENTS` events
 * drawn like the DuckDB dataset's, generated inside the engine (`seedEventsClickHouseSql`) on first use, then merged
 * per day as `optimize()` leaves a store.
 */
export async function openClickHouseDataset(note: (text: string) => void): Promise<ClickHouseDataset> {
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
  // Bulk statements, not queries: no progress headers needed, so the client need not warn about long requests.
  const client = createClient({
    url: engine.url,
    database: "bench",
    request_timeout: 3_600_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    for (const statement of seedEventsClickHouseSql(QUERY_BENCH_EVENTS)) {
      const stepMs = performance.now();
      await client.command({ query: statement, clickhouse_settings: { async_insert: 0 } });
      note(
        `dataset (ClickHouse): ${statement.trim().split(/\s+/).slice(0, 3).join(" ")} … ${((performance.now() - stepMs) / 1000).toFixed(1)} s`,
      );
    }
    const stepMs = performance.now();
    for (const table of TABLES) await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    note(`dataset (ClickHouse): merged ${((performance.now() - stepMs) / 1000).toFixed(1)} s`);
  } finally {
    await client.close();
  }
  await writeFile(ready, `${QUERY_BENCH_EVENTS}\n`);
  const seconds = (performance.now() - startedMs) / 1000;
  note(
    `dataset (ClickHouse): ${QUERY_BENCH_EVENTS} events generated in ${seconds.toFixed(0)} s (${Math.round(QUERY_BENCH_EVENTS / seconds)} events/s) → ${folder}`,
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

import { DuckDbEventStore } from "../../packages/events/src/duckdb/duckdb-event-store.js";
import { QueryService } from "../../packages/events/src/query/query-service.js";
import { systemClock } from "../../packages/server/src/kernel/clock.js";
import type { Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import { ensureQueryDataset } from "./query-dataset.js";
import type { QueryWorkload } from "./query-workloads.js";

const RUNS = 5;

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
    const ours = () => service.query(workload.query);
    const theirs = () => store.run({ sql: workload.sql, params: [] });
    const rowsOurs = (await ours()).rows.length;
    const rowsTheirs = (await theirs()).rows.length;
    reporter.note(`${workload.bench}: warm-up done; rows switchboard ${rowsOurs}, sql ${rowsTheirs}`);
    const samples: Record<"switchboard" | "sql", number[]> = { switchboard: [], sql: [] };
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? (["switchboard", "sql"] as const) : (["sql", "switchboard"] as const);
      for (const impl of order) {
        const startedMs = performance.now();
        await (impl === "switchboard" ? ours() : theirs());
        samples[impl].push(performance.now() - startedMs);
      }
    }
    for (const impl of ["switchboard", "sql"] as const) {
      reporter.emit(measurementOf(workload.bench, impl, "ms", samples[impl]));
    }
  } finally {
    await store.close();
  }
}

import type { BenchSuite } from "../lib/bench-types.js";
import { runQueryBench } from "./query-bench.js";
import { QUERY_WORKLOADS } from "./query-workloads.js";

/** Queries on 10M stored events: our query API (validation + compiler + DuckDB) vs hand-written SQL, same file. */
export const querySuite: BenchSuite = {
  prefix: "query",
  benches: QUERY_WORKLOADS.map((workload) => ({
    name: workload.bench,
    description: `${workload.description} (switchboard vs hand-written SQL, ms)`,
    run: (reporter) => runQueryBench(workload, reporter),
  })),
};

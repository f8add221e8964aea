import type { BenchSuite } from "../lib/bench-types.js";
import { runQueryBenches } from "./query-bench.js";
import { QUERY_WORKLOADS } from "./query-workloads.js";

/**
 * Queries on 10M stored events: our query API (validation + compiler + engine) vs hand-written SQL on the same data,
 * on DuckDB and on ClickHouse.
 */
export const querySuite: BenchSuite = {
  prefix: "query",
  benches: QUERY_WORKLOADS.map((workload) => ({
    name: workload.bench,
    description: `${workload.description} (switchboard vs hand-written SQL, DuckDB and ClickHouse, ms)`,
    run: (reporter) => runQueryBenches(workload, reporter),
  })),
};

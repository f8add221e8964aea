import type { BenchSuite } from "../lib/bench-types.js";
import { runSoak } from "./soak-bench.js";

/** Memory, propagation and ingest held for minutes: 10,000 streams, ingest at half capacity, a change a second. */
export const soakSuite: BenchSuite = {
  prefix: "soak",
  benches: [
    {
      name: "soak.embedded",
      description:
        "10,000 SSE streams, ingest at half capacity, a flag change a second for 10 min (BENCH_SOAK_SECONDS) on one embedded server: RSS growth, p99, rows/s",
      run: (reporter) => runSoak("embedded", reporter),
    },
    {
      name: "soak.cluster",
      description:
        "the same on three servers on one PostgreSQL server and one shared ClickHouse event store (streams, writes and ingest spread over them; BENCH_SOAK_CLUSTER_EVENTS=duckdb: each its own DuckDB)",
      run: (reporter) => runSoak("cluster", reporter),
    },
  ],
};

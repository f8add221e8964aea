import type { BenchSuite } from "../lib/bench-types.js";
import { runIngest } from "./ingest-bench.js";

/** Event ingest throughput and memory: end to end over HTTP against a bare DuckDB appender loop. */
export const ingestSuite: BenchSuite = {
  prefix: "ingest",
  benches: [
    {
      name: "ingest",
      description:
        "NDJSON batches of 1,000 wide events over HTTP to durable DuckDB (rows/s, peak RSS) vs a bare appender",
      run: runIngest,
    },
  ],
};

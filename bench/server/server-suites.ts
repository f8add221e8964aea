import type { BenchSuite } from "../lib/bench-types.js";
import { runApiPayload } from "./api-payload-bench.js";
import { runFanout } from "./fanout-bench.js";
import { runPropagation } from "./propagation-bench.js";
import { measureSdkPatch } from "./sdk-patch-bench.js";

/** Change propagation to SSE subscribers: latency from a write's 2xx to receipt, memory per stream. */
export const propagationSuite: BenchSuite = {
  prefix: "propagation",
  benches: [
    {
      name: "propagation.1000",
      description: "1,000 SSE subscribers: write 2xx → receipt (ms), server KB per idle stream",
      run: (reporter) => runPropagation(1000, reporter),
    },
    {
      name: "propagation.10000",
      description: "10,000 SSE subscribers: write 2xx → receipt (ms), server KB per idle stream",
      run: (reporter) => runPropagation(10_000, reporter),
    },
    {
      name: "propagation.10000flags",
      description:
        "10,000 flags, 1,000 SSE subscribers: write 2xx → receipt (ms); SDK CPU of a one-flag patch vs a full load (µs)",
      run: async (reporter) => {
        measureSdkPatch("propagation.10000flags", 10_000, reporter);
        await runPropagation(1000, reporter, 10_000, "propagation.10000flags");
      },
    },
    {
      name: "propagation.fanout",
      description:
        "the fan-out alone to 10,000 SSE streams (bare node:http): one process, corked, and sharded over 2 node:cluster workers (ms)",
      run: runFanout,
    },
  ],
};

/** The payload endpoint under pollers with ETag hits, against a bare node:http ceiling. */
export const apiSuite: BenchSuite = {
  prefix: "api",
  benches: [
    {
      name: "api.payload",
      description: "GET /api/v1/sdk/payload with If-None-Match → 304 (requests/s, p99 ms) vs bare node:http",
      run: runApiPayload,
    },
  ],
};

import type { BenchSuite } from "../lib/bench-types.js";
import { runSdkOverhead } from "./sdk-overhead-bench.js";

/** What the SDK costs a request: middleware, evaluations, spans, fields and event delivery. */
export const sdkSuite: BenchSuite = {
  prefix: "sdk",
  benches: [
    {
      name: "sdk.request",
      description:
        "middleware + 5 evaluations + 3 spans + 10 fields: µs added per request, Fastify throughput lost (%)",
      run: runSdkOverhead,
    },
  ],
};

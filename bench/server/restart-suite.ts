import type { BenchSuite } from "../lib/bench-types.js";
import { runRestartPropagation } from "./restart-bench.js";

/** Recovery after a server restart: how soon SDK streams receive changes once the server answers again. */
export const restartSuite: BenchSuite = {
  prefix: "propagation",
  benches: [
    {
      name: "propagation.restart",
      description: "1,000 SDK clients, server restarted after 12 s down: healthy-again → change received (ms)",
      run: (reporter) => runRestartPropagation(Number(process.env["BENCH_RESTART_CLIENTS"] ?? 1000), reporter),
    },
  ],
};

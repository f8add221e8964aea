import type { BenchSuite, Reporter } from "../lib/bench-types.js";
import type { Measurement } from "../lib/measurement.js";
import { runCanaryCheck } from "./canary-check.js";
import { runFlips } from "./flips-bench.js";
import { runThroughput } from "./throughput-bench.js";
import { TrafficLab } from "./traffic-lab.js";
import { hasWrk } from "./wrk.js";

/** Starts a lab, runs `body` against it and always stops every process it started. */
async function withLab(
  reporter: Reporter,
  body: (lab: TrafficLab) => Promise<void>,
  proxyWorkers: readonly number[] = [1],
): Promise<void> {
  if (!(await hasWrk())) throw new Error("wrk is not installed (apt-get install -y wrk)");
  const startedMs = performance.now();
  const lab = new TrafficLab();
  try {
    await lab.start((text) => reporter.note(text), proxyWorkers);
    await body(lab);
  } finally {
    await lab.stop();
    reporter.note(`traffic lab ran ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
  }
}

/** Pool switches under load through the API, and data plane throughput, for HAProxy and the built-in proxy. */
export const trafficSuite: BenchSuite = {
  prefix: "traffic",
  benches: [
    {
      name: "traffic.flips",
      description: "12 flips A → B → A under 24 s of wrk load per data plane: failed requests, switch delay (ms)",
      run: (reporter) =>
        withLab(reporter, async (lab) => {
          for (const plane of lab.planes) await runFlips(lab, plane, reporter);
          for (const plane of lab.planes) await runCanaryCheck(lab, plane, reporter);
        }),
    },
    {
      name: "traffic.throughput",
      description:
        "wrk against HAProxy and the built-in proxy (1 and 2 workers) in front of the same backends: requests/s, p99 (ms)",
      run: (reporter) => withLab(reporter, (lab) => runThroughput(lab, reporter), [1, 2]),
    },
  ],
  summarize(measurements: readonly Measurement[]): string {
    const rps = (impl: string) =>
      measurements.find((m) => m.bench === "traffic.throughput" && m.impl === impl && m.metric === "rps")?.value;
    const builtin = rps("switchboard-proxy");
    const workers = rps("switchboard-proxy-2w");
    const haproxy = rps("haproxy");
    if (builtin === undefined || haproxy === undefined) return "traffic: no throughput ratio (a figure is missing)";
    const two = workers === undefined ? "" : `, ${(workers / haproxy).toFixed(2)}× with 2 workers`;
    return `traffic: built-in proxy at ${(builtin / haproxy).toFixed(2)}× HAProxy's requests/s${two} (target ≥ 0.5×)`;
  },
};

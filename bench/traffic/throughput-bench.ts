import type { Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import type { Plane, TrafficLab } from "./traffic-lab.js";
import { runWrk, type WrkResult } from "./wrk.js";

const SECONDS = 8;
const ROUNDS = 3;
const CONNECTIONS = 64;

/**
 * Requests/s and p99 of each plane in front of the same backends (all traffic to pool A), in alternating rounds so
 * that a noisy neighbour hits both alike; the figure is the median round.
 */
export async function runThroughput(lab: TrafficLab, reporter: Reporter): Promise<void> {
  const results = new Map<Plane, WrkResult[]>();
  for (const plane of lab.planes) {
    await lab.api("POST", `${lab.servicePath(plane)}/switch`, { pool: "a" });
    await runWrk(plane.url, 2, CONNECTIONS);
    results.set(plane, []);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const plane of lab.planes) {
      const result = await runWrk(plane.url, SECONDS, CONNECTIONS);
      if (result.non2xx + result.socketErrors > 0) {
        throw new Error(`${plane.label}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`);
      }
      results.get(plane)?.push(result);
      reporter.note(`${plane.label} round ${round + 1}: ${result.rps.toFixed(0)} rps, p99 ${result.p99Ms} ms`);
    }
  }
  for (const [plane, runs] of results) {
    reporter.emit(
      measurementOf(
        "traffic.throughput",
        plane.label,
        "rps",
        runs.map((r) => r.rps),
      ),
    );
    reporter.emit(
      measurementOf(
        "traffic.throughput",
        plane.label,
        "p99_ms",
        runs.map((r) => r.p99Ms ?? Number.NaN),
      ),
    );
  }
}

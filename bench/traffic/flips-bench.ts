import type { Reporter } from "../lib/bench-types.js";
import { measurementOf, round } from "../lib/measurement.js";
import { SwitchProbe } from "./switch-probe.js";
import type { Plane, TrafficLab } from "./traffic-lab.js";
import { runWrk } from "./wrk.js";

const LOAD_SECONDS = 24;
const FLIPS = 12;
// A small pause in every backend answer keeps requests in flight on the old pool at each switch.
const LOAD_PATH = "/delay/2";

/** Percentile of a sorted copy (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Under wrk load for 24 s, flips the plane's service A → B → A twelve times through `POST …/switch` and measures
 * failed requests (non-2xx answers plus socket errors) and the delay from each switch's 2xx to the first answer of
 * the new pool, seen by a separate probe client.
 */
export async function runFlips(lab: TrafficLab, plane: Plane, reporter: Reporter): Promise<void> {
  const impl = `switchboard+${plane.impl}`;
  await lab.api("POST", `${lab.servicePath(plane)}/switch`, { pool: "a" });
  const probe = new SwitchProbe(plane.url);
  probe.start();
  const load = runWrk(`${plane.url}${LOAD_PATH}`, LOAD_SECONDS, 32);
  const delays: number[] = [];
  try {
    await sleep(1_500);
    for (let flip = 0; flip < FLIPS; flip++) {
      const pool = flip % 2 === 0 ? "b" : "a";
      await lab.api("POST", `${lab.servicePath(plane)}/switch`, { pool });
      const answeredMs = performance.now();
      delays.push(await probe.waitFor(pool, answeredMs));
      await sleep(1_700);
    }
  } finally {
    await probe.stop();
  }
  const result = await load;
  const failed = result.non2xx + result.socketErrors;
  reporter.note(
    `${impl}: ${result.requests} requests in ${LOAD_SECONDS} s, ${FLIPS} flips, ${result.non2xx} non-2xx, ` +
      `${result.socketErrors} socket errors; switch delays ms ${delays.map((d) => d.toFixed(1)).join(" ")}`,
  );
  reporter.emit(measurementOf("traffic.flips", impl, "failed_requests", [failed]));
  reporter.emit(measurementOf("traffic.flips", impl, "socket_errors", [result.socketErrors]));
  const p50 = percentile(delays, 50);
  const p99 = percentile(delays, 99);
  // One figure per flip set: min and max are the fastest and slowest switch of the run.
  const spread = { runs: delays.length, min: round(Math.min(...delays)), max: round(Math.max(...delays)) };
  reporter.emit({ ...measurementOf("traffic.flips", impl, "switch_p50_ms", [p50]), ...spread });
  reporter.emit({ ...measurementOf("traffic.flips", impl, "switch_p99_ms", [p99]), ...spread });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { loadavg } from "node:os";
import type { Reporter } from "../lib/bench-types.js";
import { round } from "../lib/measurement.js";
import type { ServerReady } from "./bench-keys.js";
import { startBenchProcess } from "./bench-process.js";
import type { LoadConnected, LoadResult } from "./propagation-load.js";

const WRITES = 20;
const STREAMS = Number(process.env["BENCH_FANOUT_STREAMS"] ?? 10_000);

/** The ways of fanning one change out to every stream that `propagation.fanout` compares, by `impl` name. */
const VARIANTS: readonly { impl: string; env: Record<string, string> }[] = [
  { impl: "one-process", env: { FANOUT_MODE: "write" } },
  { impl: "one-process-cork", env: { FANOUT_MODE: "cork" } },
  { impl: "cluster-2", env: { FANOUT_MODE: "write", FANOUT_WORKERS: "2" } },
  { impl: "one-process-again", env: { FANOUT_MODE: "write" } },
];

/**
 * `propagation.fanout`: the fan-out of one change to 10,000 SSE streams alone (bare node:http, no store, no
 * compile), written one way after another in one run, measured by the same load process as `propagation.*`.
 */
export async function runFanout(reporter: Reporter): Promise<void> {
  for (const variant of VARIANTS) {
    // A port below the ephemeral range: the cluster's workers bind it themselves after the primary picked it.
    const port = String(20_000 + Math.floor(Math.random() * 10_000));
    const server = startBenchProcess("./fanout-server.ts", { ...variant.env, FANOUT_PORT: port });
    let load: ReturnType<typeof startBenchProcess> | undefined;
    try {
      const ready = await server.nextMessage<ServerReady>(60_000);
      load = startBenchProcess("./propagation-load.ts", {
        BENCH_PORT: String(ready.port),
        BENCH_SUBSCRIBERS: String(STREAMS),
        BENCH_WRITES: String(WRITES),
      });
      const connected = await load.nextMessage<LoadConnected>(180_000);
      const before = loadavg()[0] ?? Number.NaN;
      load.send("go");
      const result = await load.nextMessage<LoadResult>(WRITES * 15_000);
      const { overall, perWrite } = result.latenciesMs;
      reporter.note(
        `  ${variant.impl} (${ready.store}): ${connected.connections} streams, p50 ${round(overall.p50)} ms, p99 ${round(overall.p99)} ms, ${result.missing} missing; load average ${before.toFixed(2)} → ${loadavg()[0]?.toFixed(2)}`,
      );
      for (const [metric, key] of [
        ["p50_ms", "p50"],
        ["p99_ms", "p99"],
      ] as const) {
        const byWrite = perWrite.map((write) => write[key]);
        reporter.emit({
          bench: "propagation.fanout",
          impl: variant.impl,
          metric,
          value: round(overall[key]),
          runs: perWrite.length,
          min: round(Math.min(...byWrite)),
          max: round(Math.max(...byWrite)),
        });
      }
    } finally {
      await load?.stop();
      await server.stop();
    }
  }
}

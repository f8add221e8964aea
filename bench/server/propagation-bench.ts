import { loadavg } from "node:os";
import type { Reporter } from "../lib/bench-types.js";
import { round } from "../lib/measurement.js";
import { BENCH_KEYS, type ServerReady } from "./bench-keys.js";
import { rssKb, startBenchProcess } from "./bench-process.js";
import type { LatencyQuantiles } from "./latency-summary.js";
import type { LoadConnected, LoadResult } from "./propagation-load.js";

const WRITES = 20;
const DEFAULT_FLAGS = 50;

/**
 * `propagation.<n>`: a server process and a separate load process holding `subscribers` SSE streams; per write
 * through the API, the time from its 2xx to each subscriber's receipt, and the server's memory per idle stream.
 */
export async function runPropagation(
  subscribers: number,
  reporter: Reporter,
  flags = DEFAULT_FLAGS,
  bench = `propagation.${subscribers}`,
): Promise<void> {
  const server = startBenchProcess("./bench-server.ts", { BENCH_FLAGS: String(flags) }, ["--expose-gc"]);
  let load: ReturnType<typeof startBenchProcess> | undefined;
  try {
    // Seeding writes one document per flag: 10,000 of them take a while on a busy machine.
    const ready = await server.nextMessage<ServerReady>(60_000 + flags * 30);
    reporter.note(`  server: ${ready.store}, ${flags} flags, open-files limit ${ready.fdLimit}`);
    reporter.note(`  machine load average ${loadavg()[0]?.toFixed(2)} (other work on the machine skews the figures)`);
    const rssBefore = await settledRss(server.pid);
    load = startBenchProcess("./propagation-load.ts", {
      BENCH_PORT: String(ready.port),
      BENCH_SUBSCRIBERS: String(subscribers),
      BENCH_WRITES: String(WRITES),
      BENCH_SERVER_KEY: BENCH_KEYS.server,
      BENCH_ADMIN_KEY: BENCH_KEYS.admin,
    });
    const connected = await load.nextMessage<LoadConnected>(180_000);
    reporter.note(
      `  load: ${connected.connections} streams open (${connected.failed} failed), open-files limit ${connected.fdLimit}`,
    );
    if (connected.fdLimit < subscribers + 100 || ready.fdLimit < subscribers + 100) {
      reporter.note("  !! the open-files limit could not be raised enough for this many streams");
    }
    const rssAfter = await settledRss(server.pid);
    load.send("go");
    const result = await load.nextMessage<LoadResult>(WRITES * 15_000);
    reporter.note(`  ${result.missing} receipts missing, ${result.early} arrived before the write's 2xx`);
    emitLatencies(bench, result, reporter);
    const kbPerConn = (rssAfter - rssBefore) / Math.max(1, connected.connections);
    reporter.emit({
      bench,
      impl: "switchboard",
      metric: "kb_per_conn",
      value: round(kbPerConn),
      runs: 1,
      min: round(kbPerConn),
      max: round(kbPerConn),
    });
  } finally {
    await load?.stop();
    await server.stop();
  }
}

function emitLatencies(bench: string, result: LoadResult, reporter: Reporter): void {
  const { overall, perWrite } = result.latenciesMs;
  const figures: [string, keyof LatencyQuantiles][] = [
    ["p50_ms", "p50"],
    ["p99_ms", "p99"],
    ["max_ms", "max"],
  ];
  for (const [metric, quantile] of figures) {
    const byWrite = perWrite.map((write) => write[quantile]);
    reporter.emit({
      bench,
      impl: "switchboard",
      metric,
      value: round(overall[quantile]),
      runs: perWrite.length,
      min: round(Math.min(...byWrite)),
      max: round(Math.max(...byWrite)),
    });
  }
}

async function settledRss(pid: number): Promise<number> {
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return rssKb(pid);
}

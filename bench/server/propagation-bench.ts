import { loadavg } from "node:os";
import type { Reporter } from "../lib/bench-types.js";
import { round } from "../lib/measurement.js";
import { BENCH_KEYS, type ServerMemory, type ServerReady } from "./bench-keys.js";
import { type BenchProcess, startBenchProcess } from "./bench-process.js";
import type { LatencyQuantiles } from "./latency-summary.js";
import type { LoadConnected, LoadResult } from "./propagation-load.js";
import { WARM_UP_WRITES } from "./subscriber-protocol.js";

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
    // Seeding writes one document per flag: 10,000 of them take a while on a busy machine. Opening the embedded
    // PostgreSQL alone took 56 s at a load average of 18 on 2 cores.
    const ready = await server.nextMessage<ServerReady>(180_000 + flags * 30);
    reporter.note(`  server: ${ready.store}, ${flags} flags, open-files limit ${ready.fdLimit}`);
    reporter.note(`  machine load average ${loadavg()[0]?.toFixed(2)} (other work on the machine skews the figures)`);
    const before = await settledMemory(server);
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
    const after = await settledMemory(server);
    load.send("go");
    const result = await load.nextMessage<LoadResult>(WRITES * 15_000);
    const done = await collectedMemory(server);
    reporter.note(`  ${result.missing} receipts missing, ${result.early} arrived before the write's 2xx`);
    // CPU, unlike wall time, hardly depends on what else the machine runs: it tells whether the server got cheaper.
    // From after one reading's collections to before the next one's: the forced collections are not counted.
    const serverCpuPerWrite = (done.cpuBeforeMs - after.cpuAfterMs) / (WRITES + WARM_UP_WRITES);
    reporter.note(
      `  CPU per write: server ${serverCpuPerWrite.toFixed(1)} ms (all ${WRITES + WARM_UP_WRITES} writes, heartbeats included), load process ${(result.cpuMs / WRITES).toFixed(1)} ms`,
    );
    emitLatencies(bench, result, reporter);
    const connections = Math.max(1, connected.connections);
    const kbPerConn = (after.rssKb - before.rssKb) / connections;
    reporter.note(
      `  memory per stream: RSS ${kbPerConn.toFixed(1)} KB, of which JS heap and external ${((after.jsKb - before.jsKb) / connections).toFixed(1)} KB`,
    );
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

const SETTLE_STEP_MS = 500;
const SETTLE_MAX_STEPS = 20;

/**
 * The server's memory after a forced full collection, once its RSS has stopped falling: V8 and malloc hand freed
 * pages back to the OS lazily, so a reading right after the collection (what the baseline used to be) can still
 * hold the garbage of seeding 10,000 flags, which then "freed" more than 1,000 streams took.
 */
async function settledMemory(server: BenchProcess): Promise<ServerMemory> {
  let last = await collectedMemory(server);
  for (let step = 0; step < SETTLE_MAX_STEPS; step++) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_STEP_MS));
    const next = await collectedMemory(server);
    // Settled: fell by less than 1% (or grew) in one step.
    if (next.rssKb > last.rssKb * 0.99) return next;
    last = next;
  }
  return last;
}

function collectedMemory(server: BenchProcess): Promise<ServerMemory> {
  process.kill(server.pid, "SIGUSR2");
  return server.nextMessage<ServerMemory>(30_000);
}

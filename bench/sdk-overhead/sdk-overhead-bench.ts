import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { runInChild } from "../lib/child-runner.js";
import { measurementOf } from "../lib/measurement.js";
import { type BenchProcess, startBenchProcess } from "../server/bench-process.js";
import type { LoadReply, LoadRequest } from "./cannon-worker.js";
import { startBenchSink } from "./ingest-sink-server.js";
import type { OverheadReply, OverheadRequest } from "./overhead-worker.js";
import { USER_AGENTS } from "./sdk-scenario.js";

const IN_PROCESS = { requestsPerRound: 20_000, rounds: 7 };
const LOAD = { rounds: 3, durationS: 5, connections: 32 };

/**
 * `sdk.request`: what the SDK adds to one request (middleware + 5 evaluations + 3 spans + 10 fields, events sent to
 * a local sink): µs in-process against the same handler without it, and Fastify throughput lost under autocannon.
 */
export async function runSdkOverhead(reporter: Reporter): Promise<void> {
  const sink = await startBenchSink();
  const targets: BenchProcess[] = [];
  try {
    const inProcess = await measureInProcess(sink.url);
    const added = inProcess.sdkUs.map((us, round) => us - (inProcess.plainUs[round] ?? 0));
    reporter.note(
      `  plain ${fmt(inProcess.plainUs)} µs/request, with the SDK ${fmt(inProcess.sdkUs)} µs/request, ` +
        `with the SDK minus delivery ${fmt(inProcess.inRequestUs)} µs/request`,
    );
    reporter.note(`  events sent ${inProcess.sent}, dropped ${inProcess.dropped}, failed ${inProcess.failed}`);
    reporter.emit(measurementOf("sdk.request", "switchboard", "added_us", added));
    const inRequest = inProcess.inRequestUs.map((us, round) => us - (inProcess.plainUs[round] ?? 0));
    reporter.emit(measurementOf("sdk.request", "switchboard", "in_request_us", inRequest));

    const plain = await startTarget("0", sink.url, targets);
    const instrumented = await startTarget("1", sink.url, targets);
    const rps = { plain: [] as number[], sdk: [] as number[] };
    for (let round = 0; round <= LOAD.rounds; round++) {
      // Round 0 warms both servers up and is not counted.
      const durationS = round === 0 ? 1 : LOAD.durationS;
      const base = await load(plain, durationS, reporter);
      const withSdk = await load(instrumented, durationS, reporter);
      if (round === 0) continue;
      rps.plain.push(base);
      rps.sdk.push(withSdk);
      reporter.note(`  round ${round}: plain ${Math.round(base)} req/s, with the SDK ${Math.round(withSdk)} req/s`);
    }
    const loss = rps.sdk.map((value, round) => (1 - value / (rps.plain[round] ?? value)) * 100);
    reporter.emit(measurementOf("sdk.request", "switchboard", "throughput_loss_pct", loss));
    reporter.emit(measurementOf("sdk.request", "switchboard", "rps", rps.sdk));
    reporter.emit(measurementOf("sdk.request", "fastify-plain", "rps", rps.plain));
    reporter.note(`  sink received ${sink.requests} batches, ${Math.round(sink.bytes / 1024)} KB`);
  } finally {
    for (const target of targets) await target.stop();
    await sink.close();
  }
}

function measureInProcess(sinkUrl: string): Promise<OverheadReply> {
  const script = fileURLToPath(new URL("./overhead-worker.ts", import.meta.url));
  return runInChild<OverheadRequest, OverheadReply>({ script, timeoutMs: 60_000 }, { sinkUrl, ...IN_PROCESS });
}

interface Target {
  process: BenchProcess;
  url: string;
}

async function startTarget(sdk: "0" | "1", sinkUrl: string, started: BenchProcess[]): Promise<Target> {
  const process = startBenchProcess("../sdk-overhead/fastify-target.ts", { BENCH_SDK: sdk, BENCH_SINK: sinkUrl });
  started.push(process);
  const { port } = await process.nextMessage<{ port: number }>(30_000);
  return { process, url: `http://127.0.0.1:${port}/products/42` };
}

async function load(target: Target, durationS: number, reporter: Reporter): Promise<number> {
  const script = fileURLToPath(new URL("./cannon-worker.ts", import.meta.url));
  const request: LoadRequest = {
    url: target.url,
    headers: { "x-switchboard-id": "user-7", "user-agent": USER_AGENTS[0] ?? "", "cf-ipcountry": "JP" },
    connections: LOAD.connections,
    durationS,
  };
  const reply = await runInChild<LoadRequest, LoadReply>({ script, timeoutMs: (durationS + 30) * 1000 }, request);
  if (reply.non2xx > 0 || reply.errors > 0)
    reporter.note(`  !! ${reply.non2xx} answers not 2xx, ${reply.errors} errors`);
  return reply.rps;
}

function fmt(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return (sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2);
}

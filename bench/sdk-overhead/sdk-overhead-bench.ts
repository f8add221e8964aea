import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { runInChild } from "../lib/child-runner.js";
import { measurementOf, summarize } from "../lib/measurement.js";
import { type BenchProcess, startBenchProcess } from "../server/bench-process.js";
import type { LoadReply, LoadRequest } from "./cannon-worker.js";
import { startBenchSink } from "./ingest-sink-server.js";
import type { InProcessMode, OverheadReply, OverheadRequest } from "./overhead-worker.js";
import { loadText, processCpuMs } from "./process-cpu.js";
import type { RoundCost } from "./request-loop.js";
import { type ContextMode, USER_AGENTS } from "./sdk-scenario.js";

const IN_PROCESS = { requestsPerRound: 20_000, rounds: 9 };
const LOAD = { rounds: 5, durationS: 4, connections: 32 };
/** The SDK's variants: the default (AsyncLocalStorage context) and `asyncContext: false` (`req.switchboard`). */
const MODES: readonly { mode: ContextMode; impl: string }[] = [
  { mode: "async", impl: "switchboard" },
  { mode: "explicit", impl: "switchboard-explicit" },
];
/** Measured in-process beside the SDK's modes: flags and exposures alone, and the OpenTelemetry peer. */
const IN_PROCESS_MODES: readonly { mode: InProcessMode; impl: string }[] = [
  ...MODES,
  { mode: "flags-only", impl: "switchboard-flags-only" },
  { mode: "opentelemetry", impl: "opentelemetry" },
];

/**
 * `sdk.request`: what the SDK adds to one request (middleware + 5 evaluations + 3 spans + 10 fields, events sent to
 * a local sink), against the same handler without it in the same run: CPU µs in-process, and the Fastify throughput
 * lost under autocannon, both as measured (req/s) and as CPU per request (which other load on the machine hardly
 * moves). Every figure is the median of its rounds.
 */
export async function runSdkOverhead(reporter: Reporter): Promise<void> {
  reporter.note(`  load average ${loadText(loadavg())} on ${cpus().length} cores`);
  const sink = await startBenchSink();
  const targets: BenchProcess[] = [];
  try {
    for (const { mode, impl } of IN_PROCESS_MODES) {
      const reply = await measureInProcess(sink.url, mode);
      const added = reply.sdk.map((cost, round) => cost.cpuUs - (reply.plain[round]?.cpuUs ?? 0));
      const inRequest = reply.inRequest.map((cost, round) => cost.cpuUs - (reply.plain[round]?.cpuUs ?? 0));
      reporter.note(
        `  ${impl} in-process, CPU µs/request: plain ${med(reply.plain, "cpuUs")}, with the SDK ` +
          `${med(reply.sdk, "cpuUs")}, minus delivery ${med(reply.inRequest, "cpuUs")} (wall: ${med(reply.plain, "wallUs")}, ` +
          `${med(reply.sdk, "wallUs")}, ${med(reply.inRequest, "wallUs")}); events sent ${reply.sent}, dropped ` +
          `${reply.dropped}, failed ${reply.failed}`,
      );
      reporter.emit(measurementOf("sdk.request", impl, "added_us", added));
      reporter.emit(measurementOf("sdk.request", impl, "in_request_us", inRequest));
    }

    // A request whose wide event sampling drops, against flags and exposures alone: what the event costs when
    // it is not kept (target ≤ 1 µs).
    const dropped = await measureInProcess(sink.url, "sampled-out");
    reporter.note(
      `  sampled-out in-process, CPU µs/request: flags and exposures only ${med(dropped.plain, "cpuUs")}, with a ` +
        `dropped wide event ${med(dropped.sdk, "cpuUs")}; events sent ${dropped.sent} (0 expected)`,
    );
    const sampledOut = dropped.sdk.map((cost, round) => cost.cpuUs - (dropped.plain[round]?.cpuUs ?? 0));
    reporter.emit(measurementOf("sdk.request", "switchboard", "sampled_out_us", sampledOut));

    // The echo handler shows the SDK's cost most starkly; the realistic one (a PostgreSQL query and a 20 KB JSON
    // answer) shows what a typical endpoint loses. Each group runs its impls side by side, rotating per round.
    await loadGroup("echo", "", sink.url, targets, reporter);
    await loadGroup("realistic", "realistic_", sink.url, targets, reporter);
    reporter.note(
      `  sink received ${sink.requests} batches, ${Math.round(sink.bytes / 1024)} KB (of which OTLP trace exports ` +
        `${sink.otlpRequests}, ${Math.round(sink.otlpBytes / 1024)} KB)`,
    );
    reporter.note(`  load average ${loadText(loadavg())} at the end`);
  } finally {
    for (const target of targets) await target.stop();
    await sink.close();
  }
}

function measureInProcess(sinkUrl: string, mode: InProcessMode): Promise<OverheadReply> {
  const script = fileURLToPath(new URL("./overhead-worker.ts", import.meta.url));
  const request: OverheadRequest = { sinkUrl, mode, ...IN_PROCESS };
  return runInChild<OverheadRequest, OverheadReply>({ script, timeoutMs: 180_000 }, request);
}

interface Target {
  process: BenchProcess;
  url: string;
}

type LoadVariant = ContextMode | "off" | "opentelemetry";
type Handler = "echo" | "realistic";

/** The Fastify targets compared under load, beside the app without instrumentation. */
const LOAD_VARIANTS: readonly { variant: LoadVariant; impl: string }[] = [
  ...MODES.map(({ mode, impl }) => ({ variant: mode, impl })),
  { variant: "opentelemetry", impl: "opentelemetry" },
];

/**
 * One handler's load comparison: `fastify-plain` and every instrumented variant under autocannon, in rotating order;
 * emits throughput lost and CPU per request, plain and added, with the metric names prefixed by `prefix`.
 */
async function loadGroup(
  handler: Handler,
  prefix: string,
  sinkUrl: string,
  targets: BenchProcess[],
  reporter: Reporter,
): Promise<void> {
  const all = [{ impl: "fastify-plain", target: await startTarget("off", handler, sinkUrl, targets) }];
  for (const { variant, impl } of LOAD_VARIANTS)
    all.push({ impl, target: await startTarget(variant, handler, sinkUrl, targets) });
  const runs = new Map(all.map(({ impl }) => [impl, { rps: [] as number[], cpuUs: [] as number[] }]));
  for (let round = 0; round <= LOAD.rounds; round++) {
    // Round 0 warms every server up and is not counted; the order rotates between rounds.
    const durationS = round === 0 ? 1 : LOAD.durationS;
    for (let i = 0; i < all.length; i++) {
      const entry = all[(i + round) % all.length];
      const run = entry && runs.get(entry.impl);
      if (entry === undefined || run === undefined) continue;
      const result = await load(entry.target, durationS, reporter);
      if (round === 0) continue;
      run.rps.push(result.rps);
      run.cpuUs.push(result.cpuUs);
    }
    if (round > 0)
      reporter.note(`  ${handler} round ${round}: ${all.map(({ impl }) => roundText(impl, runs, round)).join(", ")}`);
  }
  const base = runs.get("fastify-plain") ?? { rps: [], cpuUs: [] };
  for (const { impl } of LOAD_VARIANTS) {
    const run = runs.get(impl) ?? { rps: [], cpuUs: [] };
    const lossPct = run.rps.map((rps, round) => (1 - rps / (base.rps[round] ?? rps)) * 100);
    const cpuLossPct = run.cpuUs.map((us, round) => (1 - (base.cpuUs[round] ?? us) / us) * 100);
    const addedCpuUs = run.cpuUs.map((us, round) => us - (base.cpuUs[round] ?? us));
    reporter.emit(measurementOf("sdk.request", impl, `${prefix}throughput_loss_pct`, lossPct));
    if (cpuLossPct.every(Number.isFinite)) {
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}cpu_loss_pct`, cpuLossPct));
      // The server's CPU per request minus the plain app's in the same round: the added cost under real HTTP load.
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}added_server_cpu_us`, addedCpuUs));
    }
    reporter.emit(measurementOf("sdk.request", impl, `${prefix}rps`, run.rps));
  }
  reporter.emit(measurementOf("sdk.request", "fastify-plain", `${prefix}rps`, base.rps));
  // The server's own CPU per request, per variant: the figure the other load on the machine moves least.
  for (const { impl } of all) {
    const cpuUs = runs.get(impl)?.cpuUs ?? [];
    if (cpuUs.length > 0 && cpuUs.every(Number.isFinite))
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}server_cpu_us`, cpuUs));
  }
}

async function startTarget(
  variant: LoadVariant,
  handler: Handler,
  sinkUrl: string,
  started: BenchProcess[],
): Promise<Target> {
  const process = startBenchProcess("../sdk-overhead/fastify-target.ts", {
    BENCH_SDK: variant,
    BENCH_SINK: sinkUrl,
    BENCH_HANDLER: handler,
  });
  started.push(process);
  const { port } = await process.nextMessage<{ port: number }>(30_000);
  return { process, url: `http://127.0.0.1:${port}/products/42` };
}

/** One autocannon run: requests per second, and the server's CPU µs per request answered. */
async function load(target: Target, durationS: number, reporter: Reporter): Promise<{ rps: number; cpuUs: number }> {
  const script = fileURLToPath(new URL("./cannon-worker.ts", import.meta.url));
  const request: LoadRequest = {
    url: target.url,
    headers: { "x-switchboard-id": "user-7", "user-agent": USER_AGENTS[0] ?? "", "cf-ipcountry": "JP" },
    connections: LOAD.connections,
    durationS,
  };
  const cpuBeforeMs = processCpuMs(target.process.pid);
  const reply = await runInChild<LoadRequest, LoadReply>({ script, timeoutMs: (durationS + 30) * 1000 }, request);
  const cpuMs = processCpuMs(target.process.pid) - cpuBeforeMs;
  if (reply.non2xx > 0 || reply.errors > 0)
    reporter.note(`  !! ${reply.non2xx} answers not 2xx, ${reply.errors} errors`);
  return { rps: reply.rps, cpuUs: (cpuMs * 1000) / Math.max(1, reply.requests) };
}

function roundText(impl: string, runs: Map<string, { rps: number[]; cpuUs: number[] }>, round: number): string {
  const run = runs.get(impl);
  return `${impl} ${Math.round(run?.rps[round - 1] ?? 0)} req/s ${(run?.cpuUs[round - 1] ?? 0).toFixed(1)} CPU µs/req`;
}

function med(costs: readonly RoundCost[], key: keyof RoundCost): string {
  return costs.length === 0 ? "-" : summarize(costs.map((cost) => cost[key])).median.toFixed(2);
}

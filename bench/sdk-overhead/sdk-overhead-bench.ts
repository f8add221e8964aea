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
/**
 * Load runs: `pairs` rounds in which every instrumented server runs beside the plain one, `durationS` each, after a
 * warm-up of `warmUp` requests per server (by count: on a loaded machine a warm-up by time leaves a server's code
 * unoptimised, and its first pairs measured the JIT). Short runs close together cancel more of the other processes'
 * noise than long runs far apart. The realistic handler gets more pairs: its losses are the noisiest.
 */
const LOAD = {
  echo: { pairs: 4, warmUp: 5_000 },
  realistic: { pairs: 6, warmUp: 1_500 },
  durationS: 2,
  connections: 32,
};
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
 * One handler's load comparison, in pairs: each instrumented variant runs under autocannon right before or right
 * after `fastify-plain` (the order alternates from pair to pair, and the variants rotate), so each loss is taken
 * between two runs seconds apart and a drift in the machine's other load weighs on both sides alike; the median over
 * the pairs is reported. Emits throughput lost and CPU per request, plain and added, with metric names prefixed by
 * `prefix`.
 */
async function loadGroup(
  handler: Handler,
  prefix: string,
  sinkUrl: string,
  targets: BenchProcess[],
  reporter: Reporter,
): Promise<void> {
  const plain = await startTarget("off", handler, sinkUrl, targets);
  const variants: { impl: string; target: Target; pairs: PairRun[] }[] = [];
  for (const { variant, impl } of LOAD_VARIANTS)
    variants.push({ impl, target: await startTarget(variant, handler, sinkUrl, targets), pairs: [] });
  const { pairs: pairCount, warmUp } = LOAD[handler];
  // A warm-up of every server (JIT, caches, connection pools), not counted; `amount` ends it, not the 30 s.
  for (const target of [plain, ...variants.map((variant) => variant.target)]) await load(target, 30, reporter, warmUp);
  const plainRuns: LoadRun[] = [];
  for (let pair = 0; pair < pairCount; pair++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + pair) % variants.length];
      if (variant === undefined) continue;
      // Plain first in even pairs, second in odd ones: a steady drift favours each side in half of the pairs.
      const plainFirst = pair % 2 === 0;
      const first = await load(plainFirst ? plain : variant.target, LOAD.durationS, reporter);
      const second = await load(plainFirst ? variant.target : plain, LOAD.durationS, reporter);
      const run = { plain: plainFirst ? first : second, sdk: plainFirst ? second : first };
      variant.pairs.push(run);
      plainRuns.push(run.plain);
    }
    reporter.note(
      `  ${handler} pair ${pair + 1}: ${variants.map((variant) => pairText(variant.impl, variant.pairs[pair])).join(", ")}`,
    );
  }
  for (const { impl, pairs } of variants) {
    const lossPct = pairs.map(({ plain, sdk }) => (1 - sdk.rps / plain.rps) * 100);
    const cpuLossPct = pairs.map(({ plain, sdk }) => (1 - plain.cpuUs / sdk.cpuUs) * 100);
    const addedCpuUs = pairs.map(({ plain, sdk }) => sdk.cpuUs - plain.cpuUs);
    reporter.emit(measurementOf("sdk.request", impl, `${prefix}throughput_loss_pct`, lossPct));
    if (cpuLossPct.every(Number.isFinite)) {
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}cpu_loss_pct`, cpuLossPct));
      // The server's CPU per request minus the plain app's in the same pair: the added cost under real HTTP load.
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}added_server_cpu_us`, addedCpuUs));
    }
    reporter.emit(
      measurementOf(
        "sdk.request",
        impl,
        `${prefix}rps`,
        pairs.map(({ sdk }) => sdk.rps),
      ),
    );
  }
  reporter.emit(
    measurementOf(
      "sdk.request",
      "fastify-plain",
      `${prefix}rps`,
      plainRuns.map(({ rps }) => rps),
    ),
  );
  // The server's own CPU per request, per variant: the figure the other load on the machine moves least.
  const cpuRuns = [
    { impl: "fastify-plain", runs: plainRuns },
    ...variants.map(({ impl, pairs }) => ({ impl, runs: pairs.map(({ sdk }) => sdk) })),
  ];
  for (const { impl, runs } of cpuRuns) {
    const cpuUs = runs.map(({ cpuUs }) => cpuUs);
    if (cpuUs.length > 0 && cpuUs.every(Number.isFinite))
      reporter.emit(measurementOf("sdk.request", impl, `${prefix}server_cpu_us`, cpuUs));
  }
}

/** One autocannon run's requests per second and the server's CPU µs per request answered. */
interface LoadRun {
  rps: number;
  cpuUs: number;
}

/** A variant's run and the plain app's run right before or after it. */
interface PairRun {
  plain: LoadRun;
  sdk: LoadRun;
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
async function load(target: Target, durationS: number, reporter: Reporter, amount?: number): Promise<LoadRun> {
  const script = fileURLToPath(new URL("./cannon-worker.ts", import.meta.url));
  const request: LoadRequest = {
    url: target.url,
    headers: { "x-switchboard-id": "user-7", "user-agent": USER_AGENTS[0] ?? "", "cf-ipcountry": "JP" },
    connections: LOAD.connections,
    durationS,
    ...(amount === undefined ? {} : { amount }),
  };
  const cpuBeforeMs = processCpuMs(target.process.pid);
  const reply = await runInChild<LoadRequest, LoadReply>({ script, timeoutMs: (durationS + 30) * 1000 }, request);
  const cpuMs = processCpuMs(target.process.pid) - cpuBeforeMs;
  if (reply.non2xx > 0 || reply.errors > 0)
    reporter.note(`  !! ${reply.non2xx} answers not 2xx, ${reply.errors} errors`);
  return { rps: reply.rps, cpuUs: (cpuMs * 1000) / Math.max(1, reply.requests) };
}

function pairText(impl: string, run: PairRun | undefined): string {
  if (run === undefined) return `${impl} -`;
  const loss = (1 - run.sdk.rps / run.plain.rps) * 100;
  return (
    `${impl} ${Math.round(run.sdk.rps)} vs ${Math.round(run.plain.rps)} req/s (${loss.toFixed(1)}% lost), ` +
    `${run.sdk.cpuUs.toFixed(1)} vs ${run.plain.cpuUs.toFixed(1)} CPU µs/req`
  );
}

function med(costs: readonly RoundCost[], key: keyof RoundCost): string {
  return costs.length === 0 ? "-" : summarize(costs.map((cost) => cost[key])).median.toFixed(2);
}

import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { runInChild } from "../lib/child-runner.js";
import { measurementOf } from "../lib/measurement.js";
import type { WorkerReply, WorkerRequest } from "./eval-worker.js";
import { LOAD_FLAG_COUNT } from "./load-flags.js";
import { passes, type SanityFigure } from "./sanity.js";
import { EVAL_IMPLS, evaluationsPerRun, type ImplName, LOAD_IMPLS, type WorkloadId } from "./workloads.js";

/** Measured runs per implementation; the reported figure is their median. */
export const RUNS = 5;

const WORKER_SCRIPT = fileURLToPath(new URL("./eval-worker.ts", import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;

/** Times one workload: each run is a fresh process; implementations alternate, their order rotated every round. */
export async function runEvalWorkload(workload: WorkloadId, reporter: Reporter): Promise<void> {
  const bench = `eval.${workload}`;
  const samples = await runRounds(bench, EVAL_IMPLS, reporter, (impl, round) => ({
    kind: "time",
    impl,
    workload,
    evaluations: evaluationsPerRun(impl, workload),
    sanity: round === 0,
  }));
  for (const [impl, runs] of samples) {
    reporter.emit(
      measurementOf(
        bench,
        impl,
        "ns_per_op",
        runs.map((run) => run.value),
      ),
    );
  }
}

/** Loads the 10,000-flag payload in a fresh process per run and reports load time and retained heap. */
export async function runEvalLoad(reporter: Reporter): Promise<void> {
  const samples = await runRounds("eval.load", LOAD_IMPLS, reporter, (impl) => ({
    kind: "load",
    impl,
    flags: LOAD_FLAG_COUNT,
  }));
  for (const [impl, runs] of samples) {
    reporter.emit(
      measurementOf(
        "eval.load",
        impl,
        "ms",
        runs.map((run) => run.value),
      ),
    );
    reporter.emit(
      measurementOf(
        "eval.load",
        impl,
        "heap_mb",
        runs.map((run) => run.heapMb ?? 0),
      ),
    );
  }
}

type Sample = { value: number; heapMb?: number };

async function runRounds(
  bench: string,
  impls: readonly ImplName[],
  reporter: Reporter,
  requestFor: (impl: ImplName, round: number) => WorkerRequest,
): Promise<Map<ImplName, Sample[]>> {
  const samples = new Map<ImplName, Sample[]>();
  let active = [...impls];
  for (let round = 0; round < RUNS; round++) {
    for (const impl of rotate(active, round)) {
      const reply = await ask(requestFor(impl, round));
      const sample = acceptReply(bench, impl, reply, reporter);
      if (sample === undefined) {
        active = active.filter((name) => name !== impl);
        continue;
      }
      samples.set(impl, [...(samples.get(impl) ?? []), sample]);
      reporter.note(`${bench} run ${round + 1}/${RUNS} ${impl}: ${describe(sample)}`);
    }
  }
  return samples;
}

function acceptReply(bench: string, impl: ImplName, reply: WorkerReply, reporter: Reporter): Sample | undefined {
  switch (reply.kind) {
    case "error":
      reporter.note(`!! ${bench} ${impl} FAILED:\n${reply.error}`);
      return undefined;
    case "time":
      reportSanity(bench, impl, reply.sanity, reporter);
      return { value: reply.nsPerOp };
    case "load":
      if (Math.abs(reply.onFraction - 0.05) > 0.03) {
        reporter.note(`!! ${bench} ${impl} SANITY FAILED: loaded flag served ${reply.onFraction} of matching users`);
      }
      return { value: reply.ms, heapMb: reply.heapMb };
  }
}

function reportSanity(bench: string, impl: ImplName, figures: readonly SanityFigure[], reporter: Reporter): void {
  for (const figure of figures) {
    reporter.emit(measurementOf(`${bench}.sanity`, impl, figure.metric, [figure.value]));
    if (!passes(figure)) {
      reporter.note(
        `!!!! SANITY FAILED ${bench} ${impl}: ${figure.metric} = ${figure.value} (expected ${figure.expected} ± ${figure.tolerance})`,
      );
    }
  }
}

async function ask(request: WorkerRequest): Promise<WorkerReply> {
  try {
    return await runInChild<WorkerRequest, WorkerReply>(
      { script: WORKER_SCRIPT, timeoutMs: CHILD_TIMEOUT_MS, nodeFlags: ["--expose-gc"] },
      request,
    );
  } catch (error: unknown) {
    return { kind: "error", error: error instanceof Error ? error.message : String(error) };
  }
}

/** The list started at position `round`, so every implementation takes every slot in turn. */
function rotate<T>(items: readonly T[], round: number): T[] {
  const start = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

function describe(sample: Sample): string {
  return sample.heapMb === undefined
    ? `${sample.value.toFixed(1)} ns/op`
    : `${sample.value.toFixed(1)} ms, ${sample.heapMb.toFixed(1)} MB`;
}

import type { PreparedWorkload } from "./eval-impl.js";

/** Result of one timed loop; `sink` is returned so the loop's work is observable and cannot be dropped. */
export interface TimedLoop {
  nsPerOp: number;
  sink: number;
}

/**
 * Evaluates every context `passes` times and returns the mean time per evaluation.
 * Each process runs exactly one workload of one implementation, so the call site below stays monomorphic.
 */
export function timeEvaluations(
  workload: PreparedWorkload,
  contexts: readonly unknown[],
  passes: number,
  probe: unknown,
): TimedLoop {
  const evaluate = workload.evaluate;
  const count = contexts.length;
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < count; i++) {
      if (evaluate(contexts[i]) === probe) sink++;
    }
  }
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return { nsPerOp: elapsedNs / (passes * count), sink };
}

/** Runs the loop untimed until the JIT has settled: three rounds of a tenth of the measured work (at least one pass). */
export function warmUp(
  workload: PreparedWorkload,
  contexts: readonly unknown[],
  passes: number,
  probe: unknown,
): number {
  let sink = 0;
  const warmPasses = Math.max(1, Math.ceil(passes / 10));
  for (let round = 0; round < 3; round++) sink += timeEvaluations(workload, contexts, warmPasses, probe).sink;
  return sink;
}

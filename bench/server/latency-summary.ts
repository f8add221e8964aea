import { ascending, quantile } from "./percentiles.js";

/** The figures the propagation benchmark reports of a set of latencies. */
export interface LatencyQuantiles {
  p50: number;
  p99: number;
  max: number;
}

/**
 * What the load process sends its parent instead of every latency: at 10,000 subscribers × 20 writes the raw
 * samples made a 3.6 MB stdout line, which the pipe delivered cut when the process exited.
 */
export interface LatencySummary {
  samples: number;
  /** Over every receipt of every counted write. */
  overall: LatencyQuantiles;
  /** One per counted write, in order. */
  perWrite: LatencyQuantiles[];
}

/** Summarizes per-write latencies (ms) into the quantiles the benchmark prints. */
export function summarizeLatencies(perWrite: readonly (readonly number[])[]): LatencySummary {
  const all = ascending(perWrite.flat());
  return {
    samples: all.length,
    overall: quantilesOf(all),
    perWrite: perWrite.map((write) => quantilesOf(ascending(write))),
  };
}

function quantilesOf(sorted: readonly number[]): LatencyQuantiles {
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: quantile(sorted, 1) };
}

/** One measured figure, printed as one JSON line (the benchmark output contract). */
export interface Measurement {
  bench: string;
  impl: string;
  metric: string;
  value: number;
  runs: number;
  min: number;
  max: number;
}

/** Median, minimum and maximum of a non-empty list of samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Summarises samples; the median of an even count is the mean of the two middle samples. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("summarize needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, runs: sorted.length };
}

/** Builds a measurement from raw samples, rounding to a precision that stays readable. */
export function measurementOf(bench: string, impl: string, metric: string, samples: readonly number[]): Measurement {
  const { median, min, max, runs } = summarize(samples);
  return { bench, impl, metric, value: round(median), runs, min: round(min), max: round(max) };
}

/** Serialises a measurement in the exact key order of the contract. */
export function formatMeasurement(m: Measurement): string {
  return JSON.stringify({
    bench: m.bench,
    impl: m.impl,
    metric: m.metric,
    value: m.value,
    runs: m.runs,
    min: m.min,
    max: m.max,
  });
}

/** Rounds to four significant digits (at least one decimal for values ≥ 1000). */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(1, 4 - Math.ceil(Math.log10(Math.abs(value))));
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

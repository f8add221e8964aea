/** The q-quantile (0..1) of ascending-sorted samples, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Ascending copy. */
export function ascending(samples: readonly number[]): number[] {
  return Float64Array.from(samples).sort() as unknown as number[];
}

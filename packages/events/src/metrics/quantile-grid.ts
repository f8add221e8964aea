// Offsets of rank (as a fraction of events) around a quantile's level at which the compiled statement also reads the
// value, so that a confidence interval on the rank (Deng, Knoblich & Lu 2018) maps back to values by interpolation
// without a second pass over the events.
const RANK_OFFSETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1];

/** The ranks (0 < r < 1, ascending) at which a quantile metric of `level` reports values besides its estimate. */
export function quantileGrid(level: number): number[] {
  const ranks = new Set<number>([level]);
  for (const offset of RANK_OFFSETS) {
    for (const rank of [level - offset, level + offset]) {
      if (rank > 0 && rank < 1) ranks.add(Math.round(rank * 1e6) / 1e6);
    }
  }
  return [...ranks].sort((a, b) => a - b);
}

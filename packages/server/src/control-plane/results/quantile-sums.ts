import type { QuantileTotals } from "@switchboard/events";
import { type QuantileSums, quantileRanks } from "@switchboard/stats";

const BOUNDS_LEVEL = 0.95;

/**
 * The statistics package's quantile input from the store's totals: the order statistics at the ranks it asks for
 * are read off the grid of values the store returned around the quantile (linear between grid points, as the
 * engine interpolates between ranks).
 */
export function quantileSums(totals: QuantileTotals, level: number): QuantileSums {
  if (totals.quantile === null || totals.events === 0) {
    return { units: 0, events: 0, quantileLevel: level, estimate: 0, lowerBound: 0, upperBound: 0 };
  }
  const ranks = quantileRanks(totals.events, level, BOUNDS_LEVEL);
  const at = (rank: number) => valueAtRank(totals, totals.events > 1 ? (rank - 1) / (totals.events - 1) : level);
  return {
    units: totals.eventUnits,
    events: totals.events,
    quantileLevel: level,
    estimate: totals.quantile,
    lowerBound: at(ranks.lower),
    upperBound: at(ranks.upper),
    boundsConfidenceLevel: BOUNDS_LEVEL,
    clusters: {
      belowSum: totals.numeratorSum,
      belowSumSquares: totals.numeratorSumSquares,
      eventsSumSquares: totals.denominatorSumSquares,
      belowEventsSum: totals.numeratorDenominatorSum,
    },
  };
}

/** The value at a rank fraction, interpolated on the grid and held at its ends beyond it. */
export function valueAtRank(totals: Pick<QuantileTotals, "grid" | "quantile">, rank: number): number {
  const grid = totals.grid;
  const first = grid[0];
  const last = grid[grid.length - 1];
  if (first === undefined || last === undefined) return totals.quantile ?? 0;
  if (rank <= first.rank) return first.value;
  if (rank >= last.rank) return last.value;
  for (let i = 1; i < grid.length; i++) {
    const high = grid[i];
    const low = grid[i - 1];
    if (high === undefined || low === undefined || rank > high.rank) continue;
    const share = (rank - low.rank) / (high.rank - low.rank);
    return low.value + share * (high.value - low.value);
  }
  return last.value;
}

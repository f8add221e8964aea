/**
 * Experiment weights as sliders edit them: integer hundredths of a percent (basis points), so that a split always
 * adds up to exactly 100% and converts to model weights (fractions summing to 1) without rounding drift.
 */
export const TOTAL_POINTS = 10_000;

/** Basis points of model weights (fractions); equal shares when there are none or they do not fit the variations. */
export function pointsFromWeights(weights: readonly number[] | undefined, count: number): number[] {
  const usable =
    weights !== undefined && weights.length === count && weights.every((w) => Number.isFinite(w) && w >= 0);
  const shares = usable ? weights.map((w) => w * TOTAL_POINTS) : Array.from({ length: count }, () => 1);
  return apportion(shares, TOTAL_POINTS);
}

/** Model weights (fractions summing to 1) of basis points. */
export function weightsFromPoints(points: readonly number[]): number[] {
  return points.map((p) => p / TOTAL_POINTS);
}

/**
 * Sets slider `index` to `value` points (clamped to 0…100%) and gives what is left to the other sliders in
 * proportion to their current shares (equally when they have none), so the sum stays exactly 100%.
 */
export function rebalance(points: readonly number[], index: number, value: number): number[] {
  if (index < 0 || index >= points.length) return [...points];
  if (points.length === 1) return [TOTAL_POINTS];
  const fixed = Math.min(TOTAL_POINTS, Math.max(0, Math.round(value)));
  const others = points.map((p, i) => (i === index ? 0 : p));
  const othersTotal = others.reduce((sum, p) => sum + p, 0);
  const shares = othersTotal > 0 ? others : points.map((_, i) => (i === index ? 0 : 1));
  const rest = apportion(shares, TOTAL_POINTS - fixed);
  return rest.map((p, i) => (i === index ? fixed : p));
}

/** Percent text of basis points: `50%`, `33.33%`. */
export function percentText(points: number): string {
  return `${Number((points / 100).toFixed(2))}%`;
}

/**
 * Splits `total` integer points in proportion to `shares` by largest remainder (Hamilton's method): the result sums
 * to `total` exactly and no part is more than one point away from its exact share.
 */
export function apportion(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((s, x) => s + x, 0);
  if (shares.length === 0) return [];
  if (sum <= 0)
    return apportion(
      shares.map(() => 1),
      total,
    );
  const exact = shares.map((x) => (x / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, x) => s + x, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

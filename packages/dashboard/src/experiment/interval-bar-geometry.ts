/** Where an interval bar's parts go, in SVG units; the component only draws what this computes. */
export interface IntervalBarGeometry {
  width: number;
  zeroX: number;
  lowX: number;
  highX: number;
  pointX: number;
  /** The guardrail's worst acceptable change, when the metric has one and it falls inside the drawing. */
  toleranceX: number | null;
  /** The interval runs past the drawing's left or right edge (drawn as an arrow). */
  clippedLow: boolean;
  clippedHigh: boolean;
}

/** A symmetric range of relative changes around zero that holds every interval and tolerance of one metric. */
export function barDomain(values: readonly (number | null | undefined)[]): number {
  let widest = 0;
  for (const value of values)
    if (typeof value === "number" && Number.isFinite(value)) widest = Math.max(widest, Math.abs(value));
  // At least ±1%, so a tiny interval does not fill the drawing; 10% air on each side.
  return Math.max(widest, 0.01) * 1.1;
}

/** The worst acceptable relative change of a guardrail: below zero when higher is better, above when lower is. */
export function toleranceEdge(tolerance: number | undefined, direction: "higher" | "lower"): number | null {
  if (tolerance === undefined) return null;
  return direction === "higher" ? -tolerance : tolerance;
}

/** Lays out an interval [low, high] with its point estimate on a bar `width` wide showing [−domain, +domain]. */
export function intervalBarGeometry(
  change: { relative: number; ciLow: number; ciHigh: number },
  domain: number,
  width: number,
  tolerance: number | null = null,
): IntervalBarGeometry {
  const x = (value: number) => ((Math.max(-domain, Math.min(domain, value)) + domain) / (2 * domain)) * width;
  return {
    width,
    zeroX: x(0),
    lowX: x(change.ciLow),
    highX: x(change.ciHigh),
    pointX: x(change.relative),
    toleranceX: tolerance === null || Math.abs(tolerance) > domain ? null : x(tolerance),
    clippedLow: change.ciLow < -domain,
    clippedHigh: change.ciHigh > domain,
  };
}

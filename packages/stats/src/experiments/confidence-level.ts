/** The default confidence (and credible) level of intervals: 95 %, i.e. α = 0.05 two-sided. */
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/** True for a level strictly between 0 and 1, the only ones an interval can have. */
export function isConfidenceLevel(level: number): boolean {
  return Number.isFinite(level) && level > 0 && level < 1;
}

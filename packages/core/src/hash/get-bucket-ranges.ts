import type { BucketRange } from "../payload/payload-types.js";
import { getEqualWeights } from "./get-equal-weights.js";

/**
 * Splits [0, 1) into one range per variation: variation i starts at the sum of the weights before it and covers
 * `coverage * weight`. Coverage is clamped to [0, 1]; missing, mis-sized or not-summing-to-1 weights become equal.
 * @example getBucketRanges(2, 0.5) // [[0, 0.25], [0.5, 0.75]]
 */
export function getBucketRanges(
  numVariations: number,
  coverage: number | undefined = 1,
  weights?: readonly number[] | null,
): BucketRange[] {
  const clamped = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage;
  let used: readonly number[] = weights ?? getEqualWeights(numVariations);
  if (used.length !== numVariations) used = getEqualWeights(numVariations);
  let total = 0;
  for (const w of used) total += w;
  // GrowthBook tolerates rounding in hand-entered weights: anything within 1% of 1 is used as is.
  if (total < 0.99 || total > 1.01) used = getEqualWeights(numVariations);
  const ranges: BucketRange[] = [];
  let cumulative = 0;
  for (const w of used) {
    const start = cumulative;
    cumulative += w;
    ranges.push([start, start + clamped * w]);
  }
  return ranges;
}

/** Alias of {@link getBucketRanges}, named after the conformance section that tests it. */
export const getBucketRange = getBucketRanges;

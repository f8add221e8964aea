import type { BucketRange } from "../payload/payload-types.js";

/** Whether `n` falls in the half-open range `[start, end)`. */
export function inRange(n: number, range: readonly [number, number]): boolean {
  return n >= range[0] && n < range[1];
}

/** Index of the first range containing `n`, or -1 when none does (the unit is outside the coverage). */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i];
    if (range !== undefined && n >= range[0] && n < range[1]) return i;
  }
  return -1;
}

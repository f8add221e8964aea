/** How the same slot of several past weeks is combined into one expected value. */
export type SeasonalCombine = "median" | "trimmed-mean";

/**
 * The centre of a few values that tolerates one bad one: the median, or the mean without the lowest and highest
 * value (a trimmed mean; with fewer than 3 values it is the plain mean). Returns null for an empty list.
 * @example robustCenter([100, 104, 98, 20], "median") // 99
 * @example robustCenter([100, 104, 98, 20], "trimmed-mean") // 99
 */
export function robustCenter(values: readonly number[], combine: SeasonalCombine): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  if (combine === "median") {
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
  const kept = sorted.length >= 3 ? sorted.slice(1, -1) : sorted;
  return kept.reduce((sum, x) => sum + x, 0) / kept.length;
}

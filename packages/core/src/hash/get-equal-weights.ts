/** `n` equal weights summing to 1 (empty for `n <= 0`). */
export function getEqualWeights(n: number): number[] {
  if (!(n > 0)) return [];
  return new Array<number>(n).fill(1 / n);
}

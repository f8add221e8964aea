/** A pool's share in a split being edited. */
export interface Weight {
  pool: string;
  percent: number;
}

/** The editable weights of a service: every pool, with its current share. */
export function weightsFromSplit(pools: readonly string[], split: Readonly<Record<string, number>>): Weight[] {
  return pools.map((pool) => ({ pool, percent: split[pool] ?? 0 }));
}

/** What is wrong with a split, in the API's terms (two decimals at most, summing to 100), or null. */
export function weightsProblem(weights: readonly Weight[]): string | null {
  for (const w of weights) {
    if (!Number.isFinite(w.percent) || w.percent < 0 || w.percent > 100)
      return `${w.pool}: a percent between 0 and 100`;
    if (Math.round(w.percent * 100) !== w.percent * 100) return `${w.pool}: at most two decimals`;
  }
  const hundredths = weights.reduce((sum, w) => sum + Math.round(w.percent * 100), 0);
  if (hundredths !== 10_000) return `the weights sum to ${hundredths / 100}%, not 100%`;
  if (weights.filter((w) => w.percent > 0).length === 0) return "at least one pool needs a share";
  return null;
}

/** The weights as `POST …/ramp` takes them, `{"a": 90, "b": 10}`: pools with a share only. */
export function weightsBody(weights: readonly Weight[]): Record<string, number> {
  return Object.fromEntries(weights.filter((w) => w.percent > 0).map((w) => [w.pool, w.percent]));
}

/** A split in a few words: `all to b`, or `a 90% · b 10%`. */
export function splitText(split: Readonly<Record<string, number>>): string {
  const parts = Object.entries(split).filter(([, percent]) => percent > 0);
  return parts.length === 1
    ? `all to ${parts[0]?.[0]}`
    : parts.map(([pool, percent]) => `${pool} ${percent}%`).join(" · ");
}

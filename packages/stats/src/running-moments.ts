/** Count, mean and the sum of squared deviations of a stream of numbers: the state of Welford's algorithm. */
export interface Moments {
  readonly count: number;
  readonly mean: number;
  /** Σ (xᵢ - mean)², kept instead of Σ xᵢ² so that the variance does not cancel catastrophically. */
  readonly m2: number;
}

/** The moments of no observations. */
export const EMPTY_MOMENTS: Moments = { count: 0, mean: 0, m2: 0 };

/**
 * Adds one observation (B. P. Welford, "Note on a method for calculating corrected sums of squares and products",
 * Technometrics 4(3), 1962): numerically stable in one pass, so a monitor can fold events in as they arrive.
 * @example [3, 5, 7].reduce(addObservation, EMPTY_MOMENTS) // { count: 3, mean: 5, m2: 8 }
 */
export function addObservation(moments: Moments, x: number): Moments {
  const count = moments.count + 1;
  const delta = x - moments.mean;
  const mean = moments.mean + delta / count;
  return { count, mean, m2: moments.m2 + delta * (x - mean) };
}

/**
 * Combines the moments of two disjoint samples (T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a
 * pairwise algorithm for computing sample variances", 1979), e.g. per-day or per-shard partial results.
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count,
  };
}

/** The moments of a list of numbers. */
export function momentsOf(values: Iterable<number>): Moments {
  let moments = EMPTY_MOMENTS;
  for (const x of values) moments = addObservation(moments, x);
  return moments;
}

/** The unbiased sample variance (divides by n - 1); NaN with fewer than two observations. */
export function sampleVariance(moments: Moments): number {
  return moments.count < 2 ? Number.NaN : moments.m2 / (moments.count - 1);
}

/** The population variance (divides by n); NaN without observations. */
export function populationVariance(moments: Moments): number {
  return moments.count === 0 ? Number.NaN : moments.m2 / moments.count;
}

/** The sample standard deviation, √(sample variance). */
export function sampleStandardDeviation(moments: Moments): number {
  return Math.sqrt(sampleVariance(moments));
}

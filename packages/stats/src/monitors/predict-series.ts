import { robustCenter, type SeasonalCombine } from "./robust-center.js";

/** What a predicted bucket was built from; the UI says so when it is not `seasonal`. */
export type PredictionBasis = "seasonal" | "short-window" | "none";

/** `count`: events per bucket (Poisson noise, band ∝ √expected); `value`: any other aggregate (constant-width band). */
export type SeriesKind = "count" | "value";

export interface PredictionOptions {
  /** Bucket width in minutes (default 1); sets how many buckets make a week (10,080 / bucketMinutes). */
  readonly bucketMinutes?: number;
  /** How many previous weeks' same slot to combine (default 4). */
  readonly weeks?: number;
  /** Also use the slot 52 weeks (364 days, same weekday) back when the history reaches it (default false). */
  readonly yearAgo?: boolean;
  /** Median (default) or trimmed mean of the weekly slots; both survive one bad week. */
  readonly combine?: SeasonalCombine;
  /** Half-width in buckets of the neighbouring slots averaged in each past week (default round(2 / bucketMinutes)). */
  readonly smoothBuckets?: number;
  /** Buckets before each point used for the growth level and the residual spread (default two days). */
  readonly levelBuckets?: number;
  /** Those buckets are cut into blocks of this many (default one hour's worth); medians over blocks ignore incidents. */
  readonly blockBuckets?: number;
  /** Buckets averaged by the cold-start baseline (default 60). */
  readonly shortWindowBuckets?: number;
  /** `count` (default) or `value`. */
  readonly kind?: SeriesKind;
  /** Half-width of the band in standard deviations (default 3). */
  readonly bandZ?: number;
  /** Extra buckets to predict after the end of the history (default 0), e.g. 1 for "the minute now being filled". */
  readonly ahead?: number;
}

/** The prediction of one bucket, from the history strictly before it. */
export interface PredictedBucket {
  /** Expected value; null only when basis is `none` (no history at all). */
  readonly expected: number | null;
  /** Standard deviation of actual − expected (noise plus the prediction's own error). */
  readonly standardDeviation: number | null;
  /** expected ± bandZ·standardDeviation (low clamped at 0 for counts). */
  readonly low: number | null;
  readonly high: number | null;
  readonly basis: PredictionBasis;
}

export interface SeriesPrediction {
  /** One per history bucket, then `ahead` more; index i predicts history[i] from history[0..i-1]. */
  readonly buckets: readonly PredictedBucket[];
  /** The basis of the last predicted bucket: what the UI shows as "predicted from …". */
  readonly basis: PredictionBasis;
  /** The growth factor applied to the last seasonal bucket (Σ actual / Σ seasonal over the level window; 1 if none). */
  readonly level: number;
}

const MINUTES_PER_WEEK = 7 * 24 * 60;
const WEEKS_PER_YEAR_AGO = 52;
/** Fewer observed buckets than this in the level window: no growth adjustment, theoretical spread. */
const MIN_LEVEL_BUCKETS = 30;
/** Squared standardised residuals are capped here so one incident does not blow up the band (4σ). */
const RESIDUAL_CAP = 16;

interface Resolved {
  readonly week: number;
  readonly weeks: number;
  readonly yearAgo: boolean;
  readonly combine: SeasonalCombine;
  readonly smooth: number;
  readonly levelBuckets: number;
  readonly blockBuckets: number;
  readonly shortWindow: number;
  readonly kind: SeriesKind;
  readonly bandZ: number;
  readonly ahead: number;
}

function resolve(options: PredictionOptions): Resolved {
  const bucketMinutes = positive(options.bucketMinutes, 1);
  return {
    week: Math.max(1, Math.round(MINUTES_PER_WEEK / bucketMinutes)),
    weeks: Math.max(1, Math.floor(positive(options.weeks, 4))),
    yearAgo: options.yearAgo ?? false,
    combine: options.combine ?? "median",
    smooth: Math.max(0, Math.floor(options.smoothBuckets ?? Math.round(2 / bucketMinutes))),
    levelBuckets: Math.max(1, Math.floor(positive(options.levelBuckets, (2 * 24 * 60) / bucketMinutes))),
    blockBuckets: Math.max(1, Math.floor(positive(options.blockBuckets, Math.round(60 / bucketMinutes)))),
    shortWindow: Math.max(1, Math.floor(positive(options.shortWindowBuckets, 60))),
    kind: options.kind ?? "count",
    bandZ: positive(options.bandZ, 3),
    ahead: Math.max(0, Math.floor(options.ahead ?? 0)),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Prefix sums of the observed values and of how many there are, so any window's mean is O(1). */
class Prefix {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  constructor(values: readonly (number | null)[]) {
    this.sums = new Float64Array(values.length + 1);
    this.counts = new Float64Array(values.length + 1);
    for (let i = 0; i < values.length; i++) {
      const v = observed(values[i]);
      this.sums[i + 1] = (this.sums[i] as number) + (v ?? 0);
      this.counts[i + 1] = (this.counts[i] as number) + (v === null ? 0 : 1);
    }
  }
  /** Sum and count over [from, to), clamped to the series. */
  window(from: number, to: number): { sum: number; count: number } {
    const a = Math.max(0, Math.min(from, this.sums.length - 1));
    const b = Math.max(a, Math.min(to, this.sums.length - 1));
    return {
      sum: (this.sums[b] as number) - (this.sums[a] as number),
      count: (this.counts[b] as number) - (this.counts[a] as number),
    };
  }
}

function observed(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * Predicts every bucket of a series from the same slot of previous weeks.
 *
 * For bucket t: each of the last `weeks` weeks (and the year-ago slot if asked) contributes the mean of its slot
 * t − w·week ± smoothBuckets; the median (or trimmed mean) of those is the seasonal value s_t. The growth level L_t
 * scales it: the `levelBuckets` before t are cut into blocks of `blockBuckets` (an hour), each block gives Σ actual /
 * Σ s, and L_t is the median of those ratios, so an incident shorter than half the window does not drag the
 * prediction down with it (nor up after it ends). expected = L_t·s_t. The spread comes from the residuals over the
 * same blocks: σ² = the median block mean of squared standardised residuals (Wilson–Hilferty-corrected); for counts
 * sd = σ·√expected with σ ≥ 1 (Poisson), for values sd = σ. With less than one week of history the
 * prediction is the mean of the last `shortWindowBuckets` observed values (`basis: "short-window"`); with nothing
 * observed yet it is `none`. `null` values are missing buckets and are skipped everywhere.
 * @example predictSeries(Array(20160).fill(100)).buckets[20159].expected // 100
 */
export function predictSeries(history: readonly (number | null)[], options: PredictionOptions = {}): SeriesPrediction {
  const o = resolve(options);
  const total = history.length + o.ahead;
  const prefix = new Prefix(history);
  const seasonal = new Float64Array(total).fill(Number.NaN);
  const seasonalWeeks = new Int32Array(total);
  for (let t = 0; t < total; t++) {
    const slots: number[] = [];
    const lags: number[] = [];
    for (let w = 1; w <= o.weeks; w++) lags.push(w * o.week);
    if (o.yearAgo) lags.push(WEEKS_PER_YEAR_AGO * o.week);
    for (const lag of lags) {
      const centre = t - lag;
      if (centre < 0) continue;
      // Neighbours after the slot are still before t as long as smoothBuckets < one week.
      const { sum, count } = prefix.window(centre - o.smooth, Math.min(centre + o.smooth + 1, t));
      if (count > 0) slots.push(sum / count);
    }
    const centre = robustCenter(slots, o.combine);
    if (centre !== null) {
      seasonal[t] = centre;
      seasonalWeeks[t] = slots.length;
    }
  }
  // Prefix sums over buckets where both the actual and the seasonal value exist: Σ actual, Σ seasonal, count.
  const n = history.length;
  const actualSums = new Float64Array(n + 1);
  const seasonalSums = new Float64Array(n + 1);
  const pairCounts = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const a = observed(history[i]);
    const s = seasonal[i] as number;
    const paired = a !== null && !Number.isNaN(s);
    actualSums[i + 1] = (actualSums[i] as number) + (paired ? (a as number) : 0);
    seasonalSums[i + 1] = (seasonalSums[i] as number) + (paired ? s : 0);
    pairCounts[i + 1] = (pairCounts[i] as number) + (paired ? 1 : 0);
  }
  const levelAt = (t: number): number => {
    const to = Math.min(t, n);
    const from = Math.max(0, to - o.levelBuckets);
    if ((pairCounts[to] as number) - (pairCounts[from] as number) < MIN_LEVEL_BUCKETS) return 1;
    const ratios = blockValues(to, from, o.blockBuckets, (a, b) => {
      const count = (pairCounts[b] as number) - (pairCounts[a] as number);
      const seasonalSum = (seasonalSums[b] as number) - (seasonalSums[a] as number);
      if (count * 2 < b - a || seasonalSum <= 0) return null;
      return ((actualSums[b] as number) - (actualSums[a] as number)) / seasonalSum;
    });
    return robustCenter(ratios, "median") ?? 1;
  };
  // Pass 1: level-adjusted expectations; pass 2: their standardised residuals feed the spread of later buckets.
  const expected = new Float64Array(total).fill(Number.NaN);
  const levels = new Float64Array(total).fill(1);
  for (let t = 0; t < total; t++) {
    const s = seasonal[t] as number;
    if (Number.isNaN(s)) continue;
    levels[t] = levelAt(t);
    expected[t] = Math.max(0, (levels[t] as number) * s);
  }
  const residualSums = new Float64Array(n + 1);
  const residualCounts = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const a = observed(history[i]);
    const e = expected[i] as number;
    let r2 = 0;
    let used = 0;
    if (a !== null && !Number.isNaN(e)) {
      const r = o.kind === "count" ? (a - e) / Math.sqrt(Math.max(e, 1)) : a - e;
      r2 = o.kind === "count" ? Math.min(r * r, RESIDUAL_CAP) : r * r;
      used = 1;
    }
    residualSums[i + 1] = (residualSums[i] as number) + r2;
    residualCounts[i + 1] = (residualCounts[i] as number) + used;
  }
  const buckets: PredictedBucket[] = [];
  for (let t = 0; t < total; t++) {
    const e = expected[t] as number;
    if (!Number.isNaN(e)) {
      const to = Math.min(t, n);
      const from = Math.max(0, to - o.levelBuckets);
      const count = (residualCounts[to] as number) - (residualCounts[from] as number);
      const blockMeans = blockValues(to, from, o.blockBuckets, (a, b) => {
        const used = (residualCounts[b] as number) - (residualCounts[a] as number);
        return used * 2 < b - a || used === 0
          ? null
          : ((residualSums[b] as number) - (residualSums[a] as number)) / used;
      });
      const medianBlock = robustCenter(blockMeans, "median");
      // The median of a mean of m squared N(0, σ²) residuals is ≈ σ²(1 − 2/(9m))³ (Wilson–Hilferty); undo that.
      const meanSquare =
        count >= MIN_LEVEL_BUCKETS && medianBlock !== null ? medianBlock / (1 - 2 / (9 * o.blockBuckets)) ** 3 : null;
      let sd: number;
      if (o.kind === "count") {
        // Without residuals yet: Poisson noise plus the error of a mean of seasonalWeeks·(2·smooth+1) slots.
        const theoretical = 1 + 1 / ((seasonalWeeks[t] as number) * (2 * o.smooth + 1));
        sd = Math.sqrt(Math.max(meanSquare ?? theoretical, 1) * Math.max(e, 1));
      } else {
        sd = Math.sqrt(meanSquare ?? shortWindowVariance(history, t, o.shortWindow));
      }
      buckets.push(band(e, sd, "seasonal", o));
      continue;
    }
    buckets.push(shortWindow(history, prefix, t, o));
  }
  const last = buckets[buckets.length - 1];
  return {
    buckets,
    basis: last?.basis ?? "none",
    level: total > 0 && last?.basis === "seasonal" ? (levels[total - 1] as number) : 1,
  };
}

/**
 * The value of each whole block of `size` buckets in [from, to), counted back from `to`; blocks whose value is
 * null (too few observations) are skipped.
 */
function blockValues(to: number, from: number, size: number, value: (a: number, b: number) => number | null): number[] {
  const values: number[] = [];
  for (let b = to; b - size >= from; b -= size) {
    const v = value(b - size, b);
    if (v !== null) values.push(v);
  }
  return values;
}

function band(expected: number, sd: number, basis: PredictionBasis, o: Resolved): PredictedBucket {
  const low = expected - o.bandZ * sd;
  return {
    expected,
    standardDeviation: sd,
    low: o.kind === "count" ? Math.max(0, low) : low,
    high: expected + o.bandZ * sd,
    basis,
  };
}

/** Cold start: the mean of the last observed buckets, with their own spread (at least Poisson for counts). */
function shortWindow(history: readonly (number | null)[], prefix: Prefix, t: number, o: Resolved): PredictedBucket {
  const to = Math.min(t, history.length);
  const { sum, count } = prefix.window(to - o.shortWindow, to);
  if (count === 0) return { expected: null, standardDeviation: null, low: null, high: null, basis: "none" };
  const mean = sum / count;
  const variance = shortWindowVariance(history, t, o.shortWindow);
  const sd =
    o.kind === "count"
      ? Math.sqrt(Math.max(variance, mean, 1) * (1 + 1 / count))
      : Math.sqrt(variance * (1 + 1 / count));
  return band(mean, sd, "short-window", o);
}

function shortWindowVariance(history: readonly (number | null)[], t: number, window: number): number {
  const values: number[] = [];
  for (let i = Math.max(0, Math.min(t, history.length) - window); i < Math.min(t, history.length); i++) {
    const v = observed(history[i]);
    if (v !== null) values.push(v);
  }
  if (values.length < 2) return 0;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
}

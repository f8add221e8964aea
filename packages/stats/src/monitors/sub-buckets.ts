import {
  type ChangeEvent,
  type DetectorObservation,
  type DetectorOptions,
  type DetectorState,
  type DetectorStep,
  detectChanges,
  stepChangeWatches,
  stepCusums,
} from "./detect-changes.js";

/**
 * How a high-rate count is evaluated below the minute. The prediction stays per minute (the same slot of previous
 * weeks); a minute is cut into n equal sub-buckets, each expected to hold 1/n of it (seasonality within a minute is
 * taken as flat), and the detector steps through them, so a large drop at a high rate is answered in 10 s instead of
 * at the end of the minute.
 */
export interface SubBucketOptions {
  /**
   * Least expected count per sub-bucket (default 10): below it the minute is cut into fewer parts, down to one. At
   * 10 Anscombe's root of a Poisson count is within a few hundredths of a standard normal (its centre is corrected
   * exactly by `anscombeMean`), so the CUSUM's false-alarm rate does not depend on the cut.
   */
  readonly minExpected?: number;
  /**
   * Most parts per minute: 6 (10 s), 3, 2 or 1. Default 1, sub-minute evaluation off: on the detection benchmark every
   * cut tried (6, 3, 2 parts; 10–40 expected per part; threshold lifts 0.58–1.5) gained at most 0.17 of the delay
   * ratio (2.89 → 2.72) while raising false alarms above one a week or naming the wrong activation more often
   * (docs/benchmarks.md, "detection").
   */
  readonly maxParts?: number;
  /**
   * Most parts per minute for the change watches alone (default 6): while the CUSUMs take whole minutes, a watch
   * opened by a change tests the minute's 10–30 s parts (the same `minExpected` cut), so a large drop right after a
   * change at a high rate is answered within seconds. A watch only tests the few minutes after a change, so looking
   * often costs little in false alarms (docs/benchmarks.md, "detection").
   */
  readonly watchMaxParts?: number;
}

/** The finest cut a runner reads (10 s buckets); every allowed cut groups these. */
export const FINEST_PARTS = 6;
/** The cuts of a minute into whole 10 s buckets: 10 s, 20 s, 30 s, 60 s. */
const CUTS: readonly number[] = [6, 3, 2, 1];

export const DEFAULT_SUB_BUCKET_OPTIONS: Required<SubBucketOptions> = {
  minExpected: 10,
  maxParts: 1,
  watchMaxParts: 6,
};

/**
 * Into how many parts to cut a minute whose expected count is `expectedPerMinute`: the finest of 6, 3, 2, 1 (10, 20,
 * 30, 60 s) that leaves at least `minExpected` per part and does not exceed `maxParts` (default 1: whole).
 * @example subBucketsOf(600, { maxParts: 6 }) // 6 (100 per 10 s); subBucketsOf(25, { maxParts: 6 }) // 2
 */
export function subBucketsOf(expectedPerMinute: number, options: SubBucketOptions = {}): number {
  const { minExpected, maxParts } = { ...DEFAULT_SUB_BUCKET_OPTIONS, ...options };
  if (!(expectedPerMinute > 0) || !Number.isFinite(expectedPerMinute)) return 1;
  for (const parts of CUTS) {
    if (parts <= maxParts && expectedPerMinute / parts >= minExpected) return parts;
  }
  return 1;
}

/**
 * Sums `counts` (the minute's finest buckets, oldest first, e.g. six 10 s counts) into `parts` equal groups.
 * `counts.length` must be a multiple of `parts`; otherwise (or for null counts) the minute is left whole.
 * @example groupCounts([1, 2, 3, 4, 5, 6], 3) // [3, 7, 11]
 */
export function groupCounts(counts: readonly number[], parts: number): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (parts <= 1 || counts.length === 0 || counts.length % parts !== 0) return [total];
  const size = counts.length / parts;
  const grouped: number[] = [];
  for (let p = 0; p < parts; p++) {
    let sum = 0;
    for (let i = p * size; i < (p + 1) * size; i++) sum += counts[i] as number;
    grouped.push(sum);
  }
  return grouped;
}

/**
 * The detector observations of one minute: whole (weight 1) when it is not cut, else one per part, each at its own
 * start time (`minute.time + i·minuteMs/n`), expected and spread scaled to the part (e/n and sd/√n, so the parts of a
 * minute vary together as the minute does), weight 1/n. `counts` are the minute's finest buckets (their sum is the
 * minute's actual; `minute.actual` is used when they are absent); the cut comes from the expected count.
 */
export function splitMinute(
  minute: DetectorObservation,
  counts: readonly number[] | null,
  minuteMs: number,
  options: SubBucketOptions = {},
): DetectorObservation[] {
  const { expected, standardDeviation: sd } = minute;
  const parts = expected === null ? 1 : subBucketsOf(expected, options);
  if (parts === 1 || counts === null || counts.length % parts !== 0 || expected === null || sd === null) {
    const actual = counts === null || counts.length === 0 ? minute.actual : counts.reduce((s, c) => s + c, 0);
    return [{ ...minute, actual }];
  }
  const grouped = groupCounts(counts, parts);
  const { changes, ...rest } = minute;
  return grouped.map((actual, i) => {
    const time = minute.time + (i * minuteMs) / parts;
    // A change opens its watch in the part it falls in (the first part takes any from before the minute).
    const end = time + minuteMs / parts;
    const inPart = changes?.filter((c) => c.time < end && (i === 0 || c.time >= time));
    return {
      ...rest,
      time,
      actual,
      expected: expected / parts,
      standardDeviation: sd / Math.sqrt(parts),
      weight: 1 / parts,
      ...(inPart !== undefined && inPart.length > 0 ? { changes: inPart } : {}),
    };
  });
}

/**
 * Feeds one minute to the detector, cut as `splitMinute` cuts it for counts (`kind` "count", the default), whole for
 * other values: the one step the server's monitor runner and the detection benchmark both take. When the CUSUMs take
 * the minute whole, the change watches still take it in parts (`watchMaxParts`). Each event's `detectedAt` is the
 * start of the part that raised it and `endsAt` its end; `parts` is the CUSUMs' cut.
 */
export function stepMinute(
  state: DetectorState,
  minute: DetectorObservation,
  counts: readonly number[] | null,
  minuteMs: number,
  options: DetectorOptions & { readonly subBuckets?: SubBucketOptions } = {},
): DetectorStep & { readonly parts: number } {
  const { subBuckets, ...rest } = options;
  const detector = { bucketMs: minuteMs, ...rest };
  if ((detector.kind ?? "count") !== "count") return { ...detectChanges([minute], detector, state), parts: 1 };
  const observations = splitMinute(minute, counts, minuteMs, subBuckets);
  if (observations.length > 1) return { ...detectChanges(observations, detector, state), parts: observations.length };
  const watchMaxParts = subBuckets?.watchMaxParts ?? DEFAULT_SUB_BUCKET_OPTIONS.watchMaxParts;
  const watchParts = splitMinute(minute, counts, minuteMs, { ...subBuckets, maxParts: watchMaxParts });
  const events: ChangeEvent[] = [];
  let current = state;
  for (const part of watchParts) {
    const step = stepChangeWatches(current, part, detector);
    current = step.state;
    events.push(...step.events);
  }
  const { changes: _watchedAlready, ...whole } = observations[0] as DetectorObservation;
  const step = stepCusums(current, whole, detector);
  return { state: step.state, events: [...events, ...step.events], parts: 1 };
}

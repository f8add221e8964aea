/**
 * Watching a metric right after a change. Most incidents start at a change someone made (a flag activated or
 * ramped, a release, a pool switch), and the change log says when. A detector that does not know that has to look
 * for a shift starting at any minute, so its threshold pays for every minute of the week; knowing the change, the
 * shift can only start at (or just after) the change's time, and the cumulative shortfall since then is tested
 * directly. That is the statistical bound's own test — the shortfall since the onset reaching k standard deviations
 * — with a threshold that pays only for the changes of a week, not for its 10,080 minutes.
 *
 * Each change opens a watch for `windowMinutes`; at every bucket the watch computes, for each start from the
 * change's bucket to `startSlackMinutes` later (a change takes effect as clients pick it up), the standardised sum
 * Z = Σ x / √(Σ w) of the increments since that start, and alarms when the largest reaches `threshold` (plus the
 * sub-bucket lift). A watch alarms at most once per direction.
 */

/** A change that took effect at `time` (same clock as the buckets, usually epoch ms). */
export interface WatchedChange {
  readonly id: string;
  readonly time: number;
}

export interface ChangeWatchOptions {
  /**
   * Z at which a watch alarms, in standard deviations (default 3.5; Infinity turns watching off). The package
   * README ("Watching after a change") and docs/benchmarks.md ("detection") explain the choice.
   */
  readonly threshold?: number;
  /** How long after its change a watch runs, in reference buckets (minutes; default 20). */
  readonly windowMinutes?: number;
  /** The latest start tested after the change, in minutes (default 2). */
  readonly startSlackMinutes?: number;
}

export const DEFAULT_CHANGE_WATCH: Required<ChangeWatchOptions> = {
  threshold: 3.5,
  windowMinutes: 20,
  startSlackMinutes: 2,
};

/**
 * One start a watch tests, with the sums since it: its time, Σ x (x = √w·z), Σ w, Σ expected, Σ actual and the
 * number of buckets.
 */
export type WatchedStart = readonly [
  time: number,
  x: number,
  weight: number,
  expected: number,
  actual: number,
  buckets: number,
];

/** One change being watched. Plain JSON: the runner persists it with the detector's state. */
export interface Watch {
  readonly id: string;
  readonly time: number;
  /** The starts tested so far: the change's bucket and each later one up to the slack. */
  readonly starts: readonly WatchedStart[];
  /** Minutes (Σ weight) seen since the change. */
  readonly seen: number;
  /** Σ expected and Σ actual of each minute since the change's (parts added up): where the onset is dated. */
  readonly minutes: readonly (readonly [time: number, expected: number, actual: number])[];
  /** Directions this watch has already alarmed in. */
  readonly fired: readonly ("drop" | "surge")[];
}

/**
 * What a watch found: the change, the direction, Z of the strongest start, and the onset with the sums since it (the
 * onset is dated by likelihood, see `onsetOf`, not by the strongest start).
 */
export interface WatchAlarm {
  readonly changeId: string;
  readonly direction: "drop" | "surge";
  readonly onset: number;
  readonly z: number;
  readonly expectedSum: number;
  readonly actualSum: number;
  readonly buckets: number;
}

/**
 * The watches after a bucket, and its alarms. A change opens its watch in the bucket it falls in (a change at
 * 14:02:30 is watched from the 14:02:30 part, or the 14:02 minute, on).
 */
export interface WatchStep {
  readonly watches: readonly Watch[];
  readonly alarms: readonly WatchAlarm[];
}

const MINUTE_MS = 60_000;

/**
 * Feeds one bucket (start `time`, `durationMs` long, standardised increment x = √w·z, weight w) to the watches:
 * opens one for each change in `changes`, appends the bucket to every watch it falls after, closes watches older
 * than the window, and answers the alarms (at most one per direction: the strongest). `minuteMs` is the reference
 * bucket (one minute unless the caller's clock is not in milliseconds).
 */
export function stepWatches(
  open: readonly Watch[],
  bucket: { time: number; durationMs: number; x: number; weight: number; expected: number; actual: number },
  changes: readonly WatchedChange[],
  options: ChangeWatchOptions = {},
  minuteMs: number = MINUTE_MS,
): WatchStep {
  const o = { ...DEFAULT_CHANGE_WATCH, ...options };
  if (!(o.threshold < Number.POSITIVE_INFINITY)) return { watches: [], alarms: [] };
  const bucketEnd = bucket.time + bucket.durationMs;
  const opened = changes
    .filter((c) => Number.isFinite(c.time) && c.time < bucketEnd && !open.some((w) => w.id === c.id))
    .map((c): Watch => ({ id: c.id, time: c.time, starts: [], seen: 0, minutes: [], fired: [] }));
  const slackMs = o.startSlackMinutes * minuteMs;
  // A sub-bucket is tested against a slightly higher threshold, as the CUSUM's are (Siegmund's overshoot).
  const lift = 0.5826 * (1 - Math.sqrt(Math.min(1, bucket.weight)));
  const watches: Watch[] = [];
  const alarms: WatchAlarm[] = [];
  for (const watch of [...open, ...opened]) {
    if (bucketEnd <= watch.time) {
      watches.push(watch);
      continue;
    }
    const seen = watch.seen + bucket.weight;
    if (seen > o.windowMinutes + 1e-9) continue;
    const starts: WatchedStart[] = watch.starts.map(([time, x, weight, expected, actual, buckets]) => [
      time,
      x + bucket.x,
      weight + bucket.weight,
      expected + bucket.expected,
      actual + bucket.actual,
      buckets + 1,
    ]);
    // A new start while within the slack; the first bucket opened with the change inside it, so the shift cannot
    // have started before the change.
    if (bucket.time <= watch.time + slackMs) {
      const time = starts.length === 0 ? Math.max(bucket.time, watch.time) : bucket.time;
      starts.push([time, bucket.x, bucket.weight, bucket.expected, bucket.actual, 1]);
    }
    const minutes = addToMinute(watch.minutes, bucket, minuteMs);
    let fired = watch.fired;
    for (const direction of ["drop", "surge"] as const) {
      if (fired.includes(direction)) continue;
      const found = strongestStart(starts, direction);
      if (found !== null && found.z >= o.threshold + lift) {
        fired = [...fired, direction];
        const dated = onsetOf(starts, minutes, direction);
        alarms.push({ changeId: watch.id, direction, ...found, ...dated });
      }
    }
    watches.push({ ...watch, starts, seen, minutes, fired });
  }
  return { watches, alarms: strongestPerDirection(alarms) };
}

/** The start with the largest standardised sum to now, Z = Σ x / √W over the W minutes since the start. */
function strongestStart(
  starts: readonly WatchedStart[],
  direction: "drop" | "surge",
): Omit<WatchAlarm, "changeId" | "direction"> | null {
  const sign = direction === "drop" ? -1 : 1;
  let best: Omit<WatchAlarm, "changeId" | "direction"> | null = null;
  for (const [onset, x, weight, expectedSum, actualSum, buckets] of starts) {
    const z = weight > 0 ? (sign * x) / Math.sqrt(weight) : 0;
    if (best === null || z > best.z) best = { onset, z, expectedSum, actualSum, buckets };
  }
  return best;
}

function addToMinute(
  minutes: Watch["minutes"],
  bucket: { time: number; expected: number; actual: number },
  minuteMs: number,
): Watch["minutes"] {
  const minute = Math.floor(bucket.time / minuteMs) * minuteMs;
  const last = minutes[minutes.length - 1];
  if (last !== undefined && last[0] === minute) {
    return [...minutes.slice(0, -1), [minute, last[1] + bucket.expected, last[2] + bucket.actual]];
  }
  return [...minutes, [minute, bucket.expected, bucket.actual]];
}

/**
 * The onset: of the tested starts (inside the slack, to the part) and the minutes after the last of them (a change
 * whose effect comes minutes later, through a slow funnel), the one whose tail from it to now is likeliest to have
 * shifted — the Poisson log-likelihood ratio A·ln(A/E) − A + E of the tail's Σ actual A against Σ expected E, only
 * tails that moved the watched way (Lorden 1971, as the CUSUM's onset). The earliest wins a tie.
 */
function onsetOf(
  starts: readonly WatchedStart[],
  minutes: Watch["minutes"],
  direction: "drop" | "surge",
): Pick<WatchAlarm, "onset" | "expectedSum" | "actualSum" | "buckets"> {
  const score = (expected: number, actual: number) => {
    const moved = direction === "drop" ? actual < expected : actual > expected;
    if (!moved || !(expected > 0)) return Number.NEGATIVE_INFINITY;
    return (actual > 0 ? actual * Math.log(actual / expected) : 0) - actual + expected;
  };
  const first = starts[0] as WatchedStart;
  let best = { onset: first[0], expectedSum: first[3], actualSum: first[4], buckets: first[5] };
  let bestScore = score(first[3], first[4]);
  for (const [time, , , expected, actual, buckets] of starts.slice(1)) {
    const s = score(expected, actual);
    if (s > bestScore) {
      bestScore = s;
      best = { onset: time, expectedSum: expected, actualSum: actual, buckets };
    }
  }
  const lastStart = (starts[starts.length - 1] as WatchedStart)[0];
  let expected = 0;
  let actual = 0;
  for (let i = minutes.length - 1; i >= 0; i--) {
    const [time, e, a] = minutes[i] as Watch["minutes"][number];
    expected += e;
    actual += a;
    if (time <= lastStart) break;
    const s = score(expected, actual);
    if (s > bestScore) {
      bestScore = s;
      best = { onset: time, expectedSum: expected, actualSum: actual, buckets: minutes.length - i };
    }
  }
  return best;
}

function strongestPerDirection(alarms: readonly WatchAlarm[]): WatchAlarm[] {
  const out: WatchAlarm[] = [];
  for (const direction of ["drop", "surge"] as const) {
    const best = alarms
      .filter((a) => a.direction === direction)
      .reduce<WatchAlarm | null>((b, a) => (b === null || a.z > b.z ? a : b), null);
    if (best !== null) out.push(best);
  }
  return out;
}

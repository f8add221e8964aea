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
   * Z at which a watch alarms, in standard deviations (default `DEFAULT_CHANGE_WATCH.threshold`; Infinity turns
   * watching off). README "Detection" explains the choice.
   */
  readonly threshold?: number;
  /** How long after its change a watch runs, in reference buckets (minutes; default 120). */
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
  /** Directions this watch has already alarmed in. */
  readonly fired: readonly ("drop" | "surge")[];
}

/** What a watch found: the change, the direction, the start that maximised Z and the sums since it. */
export interface WatchAlarm {
  readonly changeId: string;
  /** The start of the bucket the change fell in: the earliest the shift can have begun. */
  readonly changeTime: number;
  readonly direction: "drop" | "surge";
  readonly onset: number;
  readonly z: number;
  readonly expectedSum: number;
  readonly actualSum: number;
  readonly buckets: number;
}

/** Buckets are opened by changes inside them: a change at 14:02:30 is watched from the 14:02 bucket on. */
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
    .map((c): Watch => ({ id: c.id, time: c.time, starts: [], seen: 0, fired: [] }));
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
    let fired = watch.fired;
    for (const direction of ["drop", "surge"] as const) {
      if (fired.includes(direction)) continue;
      const found = strongestStart(starts, direction);
      if (found !== null && found.z >= o.threshold + lift) {
        fired = [...fired, direction];
        alarms.push({ changeId: watch.id, changeTime: watch.starts[0]?.[0] ?? watch.time, direction, ...found });
      }
    }
    watches.push({ ...watch, starts, seen, fired });
  }
  return { watches, alarms: strongestPerDirection(alarms) };
}

/** The start with the largest standardised sum to now, Z = Σ x / √W over the W minutes since the start. */
function strongestStart(
  starts: readonly WatchedStart[],
  direction: "drop" | "surge",
): Omit<WatchAlarm, "changeId" | "changeTime" | "direction"> | null {
  const sign = direction === "drop" ? -1 : 1;
  let best: Omit<WatchAlarm, "changeId" | "changeTime" | "direction"> | null = null;
  for (const [onset, x, weight, expectedSum, actualSum, buckets] of starts) {
    const z = weight > 0 ? (sign * x) / Math.sqrt(weight) : 0;
    if (best === null || z > best.z) best = { onset, z, expectedSum, actualSum, buckets };
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

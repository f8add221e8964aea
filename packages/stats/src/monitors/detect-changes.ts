import {
  type ChangeWatchOptions,
  DEFAULT_CHANGE_WATCH,
  stepWatches,
  type Watch,
  type WatchAlarm,
  type WatchedChange,
} from "./change-watch.js";

/** Which way the metric left its prediction: below (`drop`), above (`surge`) or to nothing at all (`zero`). */
export type ChangeDirection = "drop" | "surge" | "zero";

/** One CUSUM of a bank: reference value k and decision threshold h, both in standard deviations. */
export interface CusumMember {
  readonly k: number;
  readonly h: number;
}

export interface DetectorOptions {
  /**
   * A single CUSUM's reference value k in standard deviations per bucket: drifts smaller than k are ignored. Giving
   * k or h (without `bank`) runs that one CUSUM (the other from 0.5 and 10) instead of the default bank.
   */
  readonly k?: number;
  /** A single CUSUM's decision threshold h in standard deviations (see k). */
  readonly h?: number;
  /**
   * CUSUMs run side by side on the same standardised value, one per drop size they are tuned for (k = δ/2); the
   * side alarms when any of them crosses its h. Default `DEFAULT_CUSUM_BANK`; the README explains the choice.
   */
  readonly bank?: readonly CusumMember[];
  /**
   * "Gone to zero": alarm when consecutive zero buckets were that unlikely, −ln P(all zero) = Σ expected ≥ this
   * (Poisson; default ln 10⁶ ≈ 13.8, so a zero run is one-in-a-million noise). Infinity turns it off.
   */
  readonly zeroEvidence?: number;
  /** While alerting, the statistic is capped at cap·h, so recovery is noticed within cap·h/k buckets (default 2). */
  readonly cap?: number;
  /**
   * `count` (default): standardise through Anscombe's square root, z = 2(√(a + 3/8) − √(e + 3/8))·√e/sd, which is
   * near-normal for Poisson counts even at a few per bucket (the plain (a − e)/sd has a long upper tail there, so
   * surges alarm falsely); `value`: z = (a − e)/sd.
   */
  readonly kind?: "count" | "value";
  /**
   * How many of a bucket's standard deviations a sub-bucket's threshold is raised by, times (1 − √weight) (default
   * `OVERSHOOT`, Siegmund's 0.583; see there). Only buckets with a weight below 1 are affected.
   */
  readonly overshoot?: number;
  /**
   * Watching the metric after each change the observations carry (`changes`): see `change-watch.ts`. Counts only
   * (other values' residuals are spiky enough that one bucket right after a change would alarm); the threshold
   * Infinity turns it off.
   */
  readonly watch?: ChangeWatchOptions;
  /** Length of a reference bucket (one minute) in the observations' time unit (default 60,000: epoch ms). */
  readonly bucketMs?: number;
}

/**
 * The default bank: each member is the optimal CUSUM (k = δ/2) for a shift of δ = 1, 2 and 4 standard deviations
 * per bucket, with h set so the bank as a whole stays under one false alarm per week (both sides together) on the
 * detection benchmark's residuals. README "Detection" explains the choice.
 */
export const DEFAULT_CUSUM_BANK: readonly CusumMember[] = [
  { k: 0.25, h: 22 },
  { k: 0.5, h: 14 },
  { k: 1, h: 6 },
  { k: 2, h: 3.5 },
];

/**
 * Siegmund's overshoot constant −ζ(1/2)/√(2π) ≈ 0.583: a CUSUM sampled every bucket crosses on average that many
 * of the bucket's standard deviations above where a continuously watched one would (Siegmund 1985, ch. X). A
 * sub-bucket of weight w has √w of them, so its threshold is raised by 0.583·(1 − √w) to keep the in-control run
 * length of the one-minute CUSUM instead of alarming more often merely for looking more often.
 */
export const OVERSHOOT = 0.5826;

/** The defaults; README "Detection" explains the choice. `k` and `h` are only used when one of them is given. */
export const DEFAULT_DETECTOR_OPTIONS: Required<DetectorOptions> = {
  k: 0.5,
  h: 10,
  bank: DEFAULT_CUSUM_BANK,
  zeroEvidence: Math.log(1e6),
  cap: 2,
  kind: "count",
  overshoot: OVERSHOOT,
  watch: DEFAULT_CHANGE_WATCH,
  bucketMs: 60_000,
};

/** One one-sided CUSUM and the excursion it is accumulating. Plain JSON: the runner persists it between minutes. */
export interface SideState {
  /** S ≥ 0 in standard deviations of the bank's first member (the smallest k); 0 means "nothing unusual". */
  readonly statistic: number;
  /**
   * The other members' statistics, in bank order (absent for a single CUSUM and in states written before banks).
   * Each is ≤ `statistic` (a larger k accumulates less), so they are all 0 whenever it is.
   */
  readonly others?: readonly number[];
  /** Time of the first bucket of the current excursion (S left 0 there): the onset. Null when S = 0. */
  readonly start: number | null;
  /** Σ expected, Σ actual and bucket count since `start`, to say "−340/min vs predicted". */
  readonly expectedSum: number;
  readonly actualSum: number;
  readonly buckets: number;
  /**
   * The standardised increments (−z for drops, z for surges) and times of the excursion so far and of up to
   * `ONSET_LOOKBACK` quiet buckets before it, oldest first, at most `MAX_EXCURSION` of them: what the onset estimate
   * at the alarm is computed from.
   */
  readonly increments: readonly Increment[];
  /** Set from the alarm until recovery: the onset and the time of the alarm. */
  readonly alert: { readonly onset: number; readonly detectedAt: number } | null;
}

export interface DetectorState {
  readonly drop: SideState;
  readonly surge: SideState;
  readonly zero: SideState;
  /** The changes being watched (absent in states written before watches, and while none is). */
  readonly watches?: readonly Watch[];
}

/** One bucket of an excursion: its time, standardised increment, expected and actual value. */
export type Increment =
  | readonly [time: number, x: number, expected: number, actual: number]
  /** A sub-bucket also carries its weight (absent: 1), so the memory spans the same minutes however it is cut. */
  | readonly [time: number, x: number, expected: number, actual: number, weight: number];

const QUIET_SIDE: SideState = {
  statistic: 0,
  start: null,
  expectedSum: 0,
  actualSum: 0,
  buckets: 0,
  increments: [],
  alert: null,
};

/** Longest excursion remembered for the onset estimate (one day of minutes); older buckets are dropped. */
export const MAX_EXCURSION = 1440;
// Both limits are in reference buckets (minutes): a minute cut into parts takes as much memory as its parts.

/**
 * Buckets remembered from before an excursion (also while the side is quiet), so the onset of a drop smaller than
 * k — which lets S fall back to 0 a few times before it finally builds up — can still be dated to where it began.
 */
export const ONSET_LOOKBACK = 240;

/** The state before any observation. */
export const INITIAL_DETECTOR_STATE: DetectorState = { drop: QUIET_SIDE, surge: QUIET_SIDE, zero: QUIET_SIDE };

/**
 * The state after an incident was closed from outside (the runner resolves one after calm minutes): every side
 * quiet, the changes still being watched kept (a change made during the incident is still the likeliest cause of
 * what follows it).
 */
export function resetDetector(state: DetectorState): DetectorState {
  return state.watches === undefined ? INITIAL_DETECTOR_STATE : { ...INITIAL_DETECTOR_STATE, watches: state.watches };
}

/** One bucket: its time (any monotonic number, usually epoch ms of the bucket start) and its prediction. */
export interface DetectorObservation {
  readonly time: number;
  readonly actual: number | null;
  readonly expected: number | null;
  readonly standardDeviation: number | null;
  /**
   * The share of a reference bucket (one minute) this bucket covers, default 1: a minute cut into n sub-buckets
   * feeds n observations of weight 1/n, each with its own expected value and spread (`splitMinute`). The bank's k and
   * h keep their meaning in standard deviations per reference bucket (see `stepDetector`).
   */
  readonly weight?: number;
  /** Changes that took effect inside this bucket (or since the previous one): each opens a watch. */
  readonly changes?: readonly WatchedChange[];
}

/** An alarm (with the onset: when the excursion started) or the end of one. */
export interface ChangeEvent {
  readonly type: "alarm" | "resolved";
  readonly direction: ChangeDirection;
  /** First bucket of the excursion. */
  readonly onset: number;
  /** The bucket at which the alarm fired. */
  readonly detectedAt: number;
  /** For `resolved`: the bucket at which the statistic came back to 0 (or the metric came back from zero). */
  readonly resolvedAt: number | null;
  /** Σ expected and Σ actual from the onset to this event, and the number of buckets. */
  readonly expectedSum: number;
  readonly actualSum: number;
  readonly buckets: number;
  /** Set when a change's watch raised the alarm: that change's id. */
  readonly changeId?: string;
  /** For an alarm: the end of the bucket that raised it (`detectedAt` + the bucket's length), when it was known. */
  readonly endsAt?: number;
}

export interface DetectorStep {
  readonly state: DetectorState;
  readonly events: readonly ChangeEvent[];
}

/**
 * Feeds one bucket to the detectors (streaming form: state in, observation in → state out; pure and JSON-safe).
 *
 * With z = (actual − expected)/sd (for counts on Anscombe's root): for each member (k, h) of the bank the drop CUSUM
 * is S⁻ = max(0, S⁻ − z − k), the surge CUSUM S⁺ = max(0, S⁺ + z − k) (Page, Biometrika 41, 1954); a side alarms
 * when any member exceeds its h, with the onset = the maximum-likelihood change point over the remembered buckets
 * (see `estimateOnset`). After an alarm the side keeps accumulating its first member (capped at cap·h) without
 * alarming again and resolves when that comes back to 0. The zero detector sums the expected values of consecutive zero buckets and alarms when that sum reaches
 * `zeroEvidence`; it resolves at the first non-zero bucket. A bucket with a missing actual, expectation or spread
 * changes nothing.
 *
 * A bucket of weight w (a sub-bucket of a minute) adds √w·x and subtracts w·k, so over a minute its sub-buckets add
 * what the minute would (the statistic stays in per-minute standard deviations whatever the bucket width, and may
 * change width from one minute to the next), and crosses at h + 0.583·(1 − √w) (see `OVERSHOOT`).
 */
export function stepDetector(
  state: DetectorState,
  observation: DetectorObservation,
  options: DetectorOptions = {},
): DetectorStep {
  const watched = stepChangeWatches(state, observation, options);
  const step = stepCusums(watched.state, observation, options);
  return { state: step.state, events: [...watched.events, ...step.events] };
}

/** An observation with its actual, expectation and spread all given. */
type UsableObservation = DetectorObservation & { actual: number; expected: number; standardDeviation: number };

/**
 * Whether a bucket counts at all: a positive finite weight, a finite actual and expectation, and a spread given (a
 * zero spread still feeds the zero detector).
 */
function usable(observation: DetectorObservation): observation is UsableObservation {
  const { actual, expected, standardDeviation: sd } = observation;
  const weight = observation.weight ?? 1;
  return (
    weight > 0 &&
    Number.isFinite(weight) &&
    actual !== null &&
    expected !== null &&
    sd !== null &&
    Number.isFinite(actual) &&
    Number.isFinite(expected)
  );
}

/**
 * The standardised value of a bucket, z = (actual − expected)/sd (for counts on Anscombe's root); null when the
 * bucket says nothing (a missing actual, expectation or spread, or a weight that is not positive).
 */
function standardised(observation: DetectorObservation, kind: "count" | "value"): number | null {
  if (!usable(observation)) return null;
  const { actual, expected, standardDeviation: sd } = observation;
  if (!(sd > 0) || !Number.isFinite(sd)) return null;
  return kind === "count" && actual >= 0 && expected >= 0
    ? ((2 * Math.sqrt(actual + 0.375) - anscombeMean(expected)) * Math.sqrt(Math.max(expected, 1))) / sd
    : (actual - expected) / sd;
}

/**
 * The change watches' part of a step (counts only): opens a watch for each change the observation carries, feeds
 * the bucket to the open ones and, when one alarms, puts its side into alert from the watch's onset (see
 * `change-watch.ts`). `stepMinute` runs it on a minute's parts while the CUSUMs take the whole minute.
 */
export function stepChangeWatches(
  state: DetectorState,
  observation: DetectorObservation,
  options: DetectorOptions = {},
): DetectorStep {
  const o = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
  const z = o.kind === "count" ? standardised(observation, o.kind) : null;
  if (z === null) return { state, events: [] };
  const weight = observation.weight ?? 1;
  const bank = bankOf(options, o.kind);
  const events: ChangeEvent[] = [];
  let { drop, surge } = state;
  const bucket = {
    time: observation.time,
    durationMs: weight * o.bucketMs,
    x: z * Math.sqrt(weight),
    weight,
    expected: observation.expected as number,
    actual: observation.actual as number,
  };
  const watched = stepWatches(state.watches ?? [], bucket, observation.changes ?? [], o.watch, o.bucketMs);
  for (const alarm of watched.alarms) {
    if (alarm.direction === "drop") drop = watchAlarm(drop, alarm, bucket, bank, events);
    else surge = watchAlarm(surge, alarm, bucket, bank, events);
  }
  const { watches: _before, ...rest } = state;
  const watches = watched.watches;
  return { state: { ...rest, drop, surge, ...(watches.length > 0 ? { watches } : {}) }, events };
}

/** The CUSUM bank's and the zero detector's part of a step. */
export function stepCusums(
  state: DetectorState,
  observation: DetectorObservation,
  options: DetectorOptions = {},
): DetectorStep {
  const o = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
  const bank = bankOf(options, o.kind);
  if (!usable(observation)) return { state, events: [] };
  const weight = observation.weight ?? 1;
  const events: ChangeEvent[] = [];
  let { drop, surge } = state;
  const z = standardised(observation, o.kind);
  if (z !== null) {
    // In reference-bucket units: a sub-bucket adds √w·z (its sum over a minute is the minute's z) and w·k.
    const root = Math.sqrt(weight);
    drop = cusumSide(drop, -z * root, weight, observation, bank, o, "drop", events);
    surge = cusumSide(surge, z * root, weight, observation, bank, o, "surge", events);
  }
  const zero = zeroSide(state.zero, observation, o, events);
  return { state: { ...state, drop, surge, zero }, events };
}

/**
 * A watch's alarm on a side that is not alerting yet: the side alerts from the watch's onset as if its own CUSUM had
 * crossed (statistic lifted to the first member's h, so it resolves the way every alarm does). The bucket's own
 * increment is then added by `cusumSide` as usual.
 */
function watchAlarm(
  side: SideState,
  alarm: WatchAlarm,
  bucket: { time: number; durationMs: number; expected: number; actual: number },
  bank: readonly CusumMember[],
  events: ChangeEvent[],
): SideState {
  if (side.alert !== null) return side;
  const first = bank[0] as CusumMember;
  const alert = { onset: alarm.onset, detectedAt: bucket.time };
  events.push({
    type: "alarm",
    direction: alarm.direction,
    onset: alarm.onset,
    detectedAt: bucket.time,
    resolvedAt: null,
    expectedSum: alarm.expectedSum,
    actualSum: alarm.actualSum,
    buckets: alarm.buckets,
    changeId: alarm.changeId,
    endsAt: bucket.time + bucket.durationMs,
  });
  return {
    ...side,
    statistic: Math.max(side.statistic, first.h),
    ...(bank.length > 1 ? { others: [] } : {}),
    start: alarm.onset,
    // The watch's sums include this bucket, which cusumSide adds next: leave it out here.
    expectedSum: alarm.expectedSum - bucket.expected,
    actualSum: alarm.actualSum - bucket.actual,
    buckets: Math.max(0, alarm.buckets - 1),
    increments: [],
    alert,
  };
}

/**
 * The bank to run: `bank` if given, else the single CUSUM of `k`/`h` if either is given, else the default bank for
 * counts and the single k 0.5, h 10 for other values: their residuals (latency, CPU) are heavy-tailed spikes, which
 * the bank's one-bucket members would take for changes.
 */
function bankOf(options: DetectorOptions, kind: "count" | "value"): readonly CusumMember[] {
  const given = (options.bank ?? []).filter((m) => Number.isFinite(m.k) && m.k >= 0 && Number.isFinite(m.h) && m.h > 0);
  if (given.length > 0) return [...given].sort((a, b) => a.k - b.k);
  if (options.k !== undefined || options.h !== undefined || kind === "value") {
    return [{ k: options.k ?? DEFAULT_DETECTOR_OPTIONS.k, h: options.h ?? DEFAULT_DETECTOR_OPTIONS.h }];
  }
  return DEFAULT_CUSUM_BANK;
}

/**
 * E[2√(X + 3/8)] for X ~ Poisson(λ): the centre of Anscombe's root. It is 2√(λ + 3/8) − 1/(4√λ) + O(λ^−3/2), not
 * 2√(λ + 3/8): without the correction every count bucket reads about −1/(4√λ) standard deviations low (−0.13 at
 * λ = 3.5), which a small-k drop CUSUM accumulates into false alarms at low rates. Exact below λ = 30.
 */
export function anscombeMean(lambda: number): number {
  if (!(lambda > 0)) return 2 * Math.sqrt(0.375);
  if (lambda >= 30) return 2 * Math.sqrt(lambda + 0.375) - 1 / (4 * Math.sqrt(lambda));
  let p = Math.exp(-lambda);
  let mean = 0;
  const last = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 25);
  for (let x = 0; x <= last; x++) {
    mean += p * 2 * Math.sqrt(x + 0.375);
    p *= lambda / (x + 1);
  }
  return mean;
}

/**
 * One side of the bank, fed the standardised shortfall x (−z for drops, z for surges). The first member (the
 * smallest k) owns the excursion: its start, sums and increments, the cap while alerting and the resolution; the
 * others only decide whether to alarm earlier.
 */
function cusumSide(
  side: SideState,
  x: number,
  weight: number,
  observation: DetectorObservation,
  bank: readonly CusumMember[],
  o: Required<DetectorOptions>,
  direction: ChangeDirection,
  events: ChangeEvent[],
): SideState {
  const { cap } = o;
  const first = bank[0] as CusumMember;
  const lift = o.overshoot * (1 - Math.sqrt(Math.min(weight, 1)));
  const raw = side.statistic + x - first.k * weight;
  const bucket: Increment =
    weight === 1
      ? [observation.time, x, observation.expected as number, observation.actual as number]
      : [observation.time, x, observation.expected as number, observation.actual as number, weight];
  if (raw <= 0) {
    if (side.alert !== null) {
      events.push(eventOf("resolved", direction, side, side.alert, observation.time));
      return QUIET_SIDE;
    }
    return { ...QUIET_SIDE, increments: remember(side.increments, bucket, ONSET_LOOKBACK) };
  }
  const fresh = side.statistic === 0 || side.start === null;
  let crossed = raw > first.h + lift;
  const others =
    side.alert === null
      ? bank.slice(1).map((member, i) => {
          const statistic = Math.max(0, (fresh ? 0 : (side.others?.[i] ?? 0)) + x - member.k * weight);
          if (statistic > member.h + lift) crossed = true;
          return statistic;
        })
      : [];
  const next: SideState = {
    statistic: side.alert === null ? raw : Math.min(raw, cap * first.h),
    ...(bank.length > 1 ? { others } : {}),
    start: fresh ? observation.time : side.start,
    expectedSum: (fresh ? 0 : side.expectedSum) + (observation.expected as number),
    actualSum: (fresh ? 0 : side.actualSum) + (observation.actual as number),
    buckets: (fresh ? 0 : side.buckets) + 1,
    // A fresh excursion keeps the quiet buckets before it (at most ONSET_LOOKBACK) for the onset estimate.
    increments: side.alert === null ? remember(side.increments, bucket, MAX_EXCURSION) : [],
    alert: side.alert,
  };
  if (next.alert === null && crossed) {
    const onsetIndex = estimateOnset(next.increments, o.kind === "count", direction);
    const sinceOnset = next.increments.slice(onsetIndex);
    const alert = { onset: (sinceOnset[0] as Increment)[0], detectedAt: observation.time };
    // From the alarm on, the sums run from the estimated onset, so "−340/min vs predicted" describes the drop only.
    const fromOnset: SideState = {
      ...next,
      start: alert.onset,
      expectedSum: sinceOnset.reduce((sum, b) => sum + b[2], 0),
      actualSum: sinceOnset.reduce((sum, b) => sum + b[3], 0),
      buckets: sinceOnset.length,
    };
    events.push({
      ...eventOf("alarm", direction, fromOnset, alert, null),
      endsAt: observation.time + weight * o.bucketMs,
    });
    return {
      ...fromOnset,
      statistic: Math.min(next.statistic, cap * first.h),
      ...(bank.length > 1 ? { others: [] } : {}),
      alert,
    };
  }
  return next;
}

/** Sub-buckets kept as they are at the end of the memory; older ones are merged back into whole minutes. */
const RECENT_PARTS = 60;

/**
 * Appends a bucket and forgets the oldest ones beyond `limit` reference buckets (Σ weight; sub-buckets count 1/n).
 * Parts older than the last `RECENT_PARTS` are merged into whole minutes (Σ x, Σ expected, Σ actual), so the
 * memory stays as long as it is for whole minutes; the onset is then dated to the second only near the alarm, which
 * is where a fast drop's onset lies.
 */
function remember(increments: readonly Increment[], bucket: Increment, limit: number): Increment[] {
  const kept = [...increments, bucket];
  const boundary = kept.length - RECENT_PARTS;
  for (let i = 0; i < boundary; i++) {
    if (((kept[i] as Increment)[4] ?? 1) >= 1) continue;
    let weight = 0;
    let x = 0;
    let expected = 0;
    let actual = 0;
    let j = i;
    while (j < kept.length) {
      const w = (kept[j] as Increment)[4] ?? 1;
      if (w >= 1 || weight + w > 1 + 1e-9) break;
      const [, xj, ej, aj] = kept[j] as Increment;
      weight += w;
      x += xj;
      expected += ej;
      actual += aj;
      j++;
      if (weight >= 1 - 1e-9) break;
    }
    if (weight < 1 - 1e-9 && j === kept.length) break;
    const time = (kept[i] as Increment)[0];
    kept.splice(i, j - i, weight >= 1 - 1e-9 ? [time, x, expected, actual] : [time, x, expected, actual, weight]);
  }
  let total = 0;
  let first = kept.length;
  while (first > 0 && total + ((kept[first - 1] as Increment)[4] ?? 1) <= limit + 1e-9) {
    first--;
    total += (kept[first] as Increment)[4] ?? 1;
  }
  return first === 0 ? kept : kept.slice(first);
}

/**
 * The change point inside the remembered buckets (returned as an index into `increments`): the j maximising the
 * log-likelihood ratio of "the tail from j on shifted" (the generalised likelihood ratio; Lorden 1971). For counts
 * the shift is relative — actual = (1 − f)·expected with f fitted, the Poisson ratio A·ln(A/E) − A + E over the
 * tail's Σ actual A and Σ expected E — so a drop that started in a quiet hour is dated to its start even though its
 * standardised size grows with the traffic after it; otherwise a shift of the standardised mean, (Σ x)²/(2n). Only
 * tails that moved the side's way count. Unlike "where S last left 0", a large drop is not dated back to the noise
 * that merely kept S above 0 before it began, and a small one is not dated forward to where S last touched 0.
 */
function estimateOnset(increments: readonly Increment[], counts: boolean, direction: ChangeDirection): number {
  let best = Number.NEGATIVE_INFINITY;
  let bestIndex = increments.length - 1;
  let tail = 0;
  let actual = 0;
  let expected = 0;
  for (let i = increments.length - 1; i >= 0; i--) {
    const [, x, e, a] = increments[i] as Increment;
    tail += x;
    expected += e;
    actual += a;
    let score = Number.NEGATIVE_INFINITY;
    if (counts && expected > 0 && actual >= 0) {
      const moved = direction === "surge" ? actual > expected : actual < expected;
      if (moved) score = (actual > 0 ? actual * Math.log(actual / expected) : 0) - actual + expected;
    } else if (tail > 0) {
      score = (tail * tail) / (2 * (increments.length - i));
    }
    if (score >= best) {
      best = score;
      bestIndex = i;
    }
  }
  return bestIndex;
}

function zeroSide(
  side: SideState,
  observation: DetectorObservation,
  o: Required<DetectorOptions>,
  events: ChangeEvent[],
): SideState {
  const expected = observation.expected as number;
  if (observation.actual !== 0) {
    if (side.alert !== null) events.push(eventOf("resolved", "zero", side, side.alert, observation.time));
    return QUIET_SIDE;
  }
  if (expected <= 0) return side;
  const fresh = side.start === null;
  const next: SideState = {
    statistic: side.statistic + expected,
    start: fresh ? observation.time : side.start,
    expectedSum: side.expectedSum + expected,
    actualSum: 0,
    buckets: side.buckets + 1,
    increments: [],
    alert: side.alert,
  };
  if (next.alert === null && next.statistic >= o.zeroEvidence) {
    const alert = { onset: next.start as number, detectedAt: observation.time };
    events.push({
      ...eventOf("alarm", "zero", next, alert, null),
      endsAt: observation.time + (observation.weight ?? 1) * o.bucketMs,
    });
    return { ...next, alert };
  }
  return next;
}

function eventOf(
  type: ChangeEvent["type"],
  direction: ChangeDirection,
  side: SideState,
  alert: { onset: number; detectedAt: number },
  resolvedAt: number | null,
): ChangeEvent {
  return {
    type,
    direction,
    onset: alert.onset,
    detectedAt: alert.detectedAt,
    resolvedAt,
    expectedSum: side.expectedSum,
    actualSum: side.actualSum,
    buckets: side.buckets,
  };
}

/** Batch form: runs `stepDetector` over a series from a state (initial by default); returns every event and the end state. */
export function detectChanges(
  observations: readonly DetectorObservation[],
  options: DetectorOptions = {},
  state: DetectorState = INITIAL_DETECTOR_STATE,
): DetectorStep {
  const events: ChangeEvent[] = [];
  let current = state;
  for (const observation of observations) {
    const step = stepDetector(current, observation, options);
    current = step.state;
    events.push(...step.events);
  }
  return { state: current, events };
}

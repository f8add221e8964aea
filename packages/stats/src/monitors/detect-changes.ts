/** Which way the metric left its prediction: below (`drop`), above (`surge`) or to nothing at all (`zero`). */
export type ChangeDirection = "drop" | "surge" | "zero";

export interface DetectorOptions {
  /** CUSUM reference value k in standard deviations per bucket: drifts smaller than k are ignored (default 0.5). */
  readonly k?: number;
  /** CUSUM decision threshold h in standard deviations (default 10). */
  readonly h?: number;
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
}

/** The defaults; README "Detection" explains the choice. */
export const DEFAULT_DETECTOR_OPTIONS: Required<DetectorOptions> = {
  k: 0.5,
  h: 10,
  zeroEvidence: Math.log(1e6),
  cap: 2,
  kind: "count",
};

/** One one-sided CUSUM and the excursion it is accumulating. Plain JSON: the runner persists it between minutes. */
export interface SideState {
  /** S ≥ 0 in standard deviations; 0 means "nothing unusual". */
  readonly statistic: number;
  /** Time of the first bucket of the current excursion (S left 0 there): the onset. Null when S = 0. */
  readonly start: number | null;
  /** Σ expected, Σ actual and bucket count since `start`, to say "−340/min vs predicted". */
  readonly expectedSum: number;
  readonly actualSum: number;
  readonly buckets: number;
  /**
   * The standardised increments (−z for drops, z for surges) and times of the excursion so far, oldest first, at
   * most `MAX_EXCURSION` of them: what the onset estimate at the alarm is computed from.
   */
  readonly increments: readonly Increment[];
  /** Set from the alarm until recovery: the onset and the time of the alarm. */
  readonly alert: { readonly onset: number; readonly detectedAt: number } | null;
}

export interface DetectorState {
  readonly drop: SideState;
  readonly surge: SideState;
  readonly zero: SideState;
}

/** One bucket of an excursion: its time, standardised increment, expected and actual value. */
export type Increment = readonly [time: number, x: number, expected: number, actual: number];

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

/** The state before any observation. */
export const INITIAL_DETECTOR_STATE: DetectorState = { drop: QUIET_SIDE, surge: QUIET_SIDE, zero: QUIET_SIDE };

/** One bucket: its time (any monotonic number, usually epoch ms of the bucket start) and its prediction. */
export interface DetectorObservation {
  readonly time: number;
  readonly actual: number | null;
  readonly expected: number | null;
  readonly standardDeviation: number | null;
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
}

export interface DetectorStep {
  readonly state: DetectorState;
  readonly events: readonly ChangeEvent[];
}

/**
 * Feeds one bucket to the detectors (streaming form: state in, observation in → state out; pure and JSON-safe).
 *
 * With z = (actual − expected)/sd: the drop CUSUM is S⁻ = max(0, S⁻ − z − k), the surge CUSUM S⁺ = max(0, S⁺ + z −
 * k) (Page, Biometrika 41, 1954); each alarms when it exceeds h, with the onset = the maximum-likelihood change
 * point inside the excursion since S last left 0 (see `estimateOnset`). After an alarm the side keeps accumulating (capped at cap·h) without alarming again and resolves when S comes
 * back to 0. The zero detector sums the expected values of consecutive zero buckets and alarms when that sum reaches
 * `zeroEvidence`; it resolves at the first non-zero bucket. A bucket with a missing actual, expectation or spread
 * changes nothing.
 */
export function stepDetector(
  state: DetectorState,
  observation: DetectorObservation,
  options: DetectorOptions = {},
): DetectorStep {
  const o = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
  const { actual, expected, standardDeviation: sd } = observation;
  if (actual === null || expected === null || sd === null || !Number.isFinite(actual) || !Number.isFinite(expected)) {
    return { state, events: [] };
  }
  const events: ChangeEvent[] = [];
  let { drop, surge } = state;
  if (sd > 0 && Number.isFinite(sd)) {
    const z =
      o.kind === "count" && actual >= 0 && expected >= 0
        ? (2 * (Math.sqrt(actual + 0.375) - Math.sqrt(expected + 0.375)) * Math.sqrt(Math.max(expected, 1))) / sd
        : (actual - expected) / sd;
    drop = cusumSide(drop, -z - o.k, observation, o, "drop", events);
    surge = cusumSide(surge, z - o.k, observation, o, "surge", events);
  }
  const zero = zeroSide(state.zero, observation, o, events);
  return { state: { drop, surge, zero }, events };
}

function cusumSide(
  side: SideState,
  increment: number,
  observation: DetectorObservation,
  o: Required<DetectorOptions>,
  direction: ChangeDirection,
  events: ChangeEvent[],
): SideState {
  const raw = side.statistic + increment;
  if (raw <= 0) {
    if (side.alert !== null) events.push(eventOf("resolved", direction, side, side.alert, observation.time));
    return QUIET_SIDE;
  }
  const fresh = side.statistic === 0 || side.start === null;
  const next: SideState = {
    statistic: side.alert === null ? raw : Math.min(raw, o.cap * o.h),
    start: fresh ? observation.time : side.start,
    expectedSum: (fresh ? 0 : side.expectedSum) + (observation.expected as number),
    actualSum: (fresh ? 0 : side.actualSum) + (observation.actual as number),
    buckets: (fresh ? 0 : side.buckets) + 1,
    increments:
      side.alert === null
        ? remember(fresh ? [] : side.increments, [
            observation.time,
            increment + o.k,
            observation.expected as number,
            observation.actual as number,
          ])
        : [],
    alert: side.alert,
  };
  if (next.alert === null && next.statistic > o.h) {
    const onsetIndex = estimateOnset(next.increments);
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
    events.push(eventOf("alarm", direction, fromOnset, alert, null));
    return { ...fromOnset, statistic: Math.min(next.statistic, o.cap * o.h), alert };
  }
  return next;
}

function remember(increments: readonly Increment[], bucket: Increment): Increment[] {
  const kept =
    increments.length >= MAX_EXCURSION ? increments.slice(increments.length - MAX_EXCURSION + 1) : [...increments];
  kept.push(bucket);
  return kept;
}

/**
 * The change point of a mean shift of unknown size inside the excursion (returned as an index into `increments`):
 * the j maximising (Σ_{i ≥ j} x_i)² / (n − j) over tails with a positive sum, the maximum-likelihood change point
 * of a normal mean (the generalised likelihood ratio; Lorden 1971). Unlike "where S last left 0", a large drop is
 * not dated back to the noise that merely kept S above 0 before it began.
 */
function estimateOnset(increments: readonly Increment[]): number {
  let best = Number.NEGATIVE_INFINITY;
  let bestIndex = increments.length - 1;
  let tail = 0;
  for (let i = increments.length - 1; i >= 0; i--) {
    tail += (increments[i] as Increment)[1];
    const score = tail > 0 ? (tail * tail) / (increments.length - i) : Number.NEGATIVE_INFINITY;
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
    events.push(eventOf("alarm", "zero", next, alert, null));
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

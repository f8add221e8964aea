import { createRandom, type Random } from "../lib/prng.js";
import { binomial, bookingRate, MINUTES_PER_DAY, MINUTES_PER_WEEK, poisson, uniform } from "./traffic-model.js";

/** An activation in the window before a drop: the causal one (its `on` variation loses bookings) or a harmless one. */
export interface Activation {
  readonly id: string;
  /** Minute it took effect. */
  readonly minute: number;
  /** Share of units served its activated variation. */
  readonly share: number;
  readonly causal: boolean;
}

export interface InjectedDrop {
  /** First minute with the lower rate, and the first minute after it. */
  readonly onset: number;
  readonly end: number;
  /** Relative drop of the total f, and the true booking rate per minute at the onset λ. */
  readonly fraction: number;
  readonly rate: number;
  /** The statistical bound (k/f)²/λ with k = 3, in minutes. */
  readonly boundMinutes: number;
  readonly activations: readonly Activation[];
  /** Bookings per minute among units served the causal flag's `on` variation, from the onset to the end. */
  readonly causalOn: readonly number[];
}

export interface SimulatedSeries {
  readonly peak: number;
  /** Expected units per minute = 10 × the undisturbed booking rate (a 10% conversion). */
  readonly rates: readonly number[];
  readonly actual: readonly number[];
  readonly drops: readonly InjectedDrop[];
  /** Minutes [evaluateFrom, actual.length) hold the drops and are where alarms are counted. */
  readonly evaluateFrom: number;
  /**
   * Every change the shop made from a day before the evaluated weeks on: the drops' activations (causal and harmless)
   * and everyday harmless ones at random minutes, `CHANGES_PER_DAY` a day on average, so a detector that watches
   * changes pays for watching them in false alarms.
   */
  readonly changes: readonly { readonly id: string; readonly minute: number }[];
}

/** Everyday harmless changes per day besides the drops' own (flags switched, ramped, schedules run). */
export const CHANGES_PER_DAY = 12;

export const WARM_UP_WEEKS = 4;
export const EVALUATED_WEEKS = 3;
const GROWTH_PER_WEEK = 0.02;

/**
 * One shop: 7 weeks of bookings per minute with daily and weekly cycles, 2%/week growth and Poisson noise; drops
 * of 5–50% in weeks 5–7 at booking rates between 10 and 1,000 per minute, each started by one flag activation whose
 * `on` variation carries the whole drop, among 3–5 harmless activations in the hour around it.
 */
export function simulateSeries(seed: number, peak: number): SimulatedSeries {
  const random = createRandom(seed);
  const length = (WARM_UP_WEEKS + EVALUATED_WEEKS) * MINUTES_PER_WEEK;
  const rates = Array.from({ length }, (_, m) => bookingRate(m, peak, GROWTH_PER_WEEK));
  const actual = rates.map((rate) => poisson(random, rate));
  const drops: InjectedDrop[] = [];
  let cursor = WARM_UP_WEEKS * MINUTES_PER_WEEK + Math.floor(uniform(random, 60, 2 * MINUTES_PER_DAY));
  while (cursor < length - MINUTES_PER_DAY) {
    let onset = cursor;
    while (onset < length - MINUTES_PER_DAY && !((rates[onset] as number) >= 10 && (rates[onset] as number) <= 1000))
      onset += 37;
    if (onset >= length - MINUTES_PER_DAY) break;
    const drop = injectDrop(random, rates, actual, onset, drops.length);
    drops.push(drop);
    cursor = drop.end + Math.floor(uniform(random, 3 * MINUTES_PER_DAY, 5 * MINUTES_PER_DAY));
  }
  const evaluateFrom = WARM_UP_WEEKS * MINUTES_PER_WEEK;
  const everyday = everydayChanges(seed, evaluateFrom - MINUTES_PER_DAY, length);
  const changes = [...drops.flatMap((d) => d.activations.map((a) => ({ id: a.id, minute: a.minute }))), ...everyday];
  changes.sort((a, b) => a.minute - b.minute);
  return { peak, rates, actual, drops, evaluateFrom, changes };
}

/**
 * Harmless changes at uniformly random minutes in [from, to), `CHANGES_PER_DAY` a day, from their own random stream
 * (so the traffic and the drops are the same with or without them).
 */
function everydayChanges(seed: number, from: number, to: number): { id: string; minute: number }[] {
  const random = createRandom(seed + 15_485_863);
  const count = Math.round((CHANGES_PER_DAY * (to - from)) / MINUTES_PER_DAY);
  return Array.from({ length: count }, (_, i) => ({
    id: `everyday${i}`,
    minute: Math.floor(uniform(random, from, to)),
  }));
}

function injectDrop(
  random: Random,
  rates: readonly number[],
  actual: number[],
  onset: number,
  index: number,
): InjectedDrop {
  const fraction = uniform(random, 0.05, 0.5);
  const rate = rates[onset] as number;
  const boundMinutes = (3 / fraction) ** 2 / rate;
  const duration = Math.round(Math.min(12 * 60, Math.max(60, 6 * boundMinutes)));
  const end = Math.min(actual.length, onset + duration);
  // The causal flag serves `on` to a share s ≥ f/0.8, so its per-variation drop f/s stays below 80%.
  const share = uniform(random, Math.min(0.9, fraction / 0.8), 0.9);
  const variationDrop = fraction / share;
  const causalOn: number[] = [];
  for (let m = onset; m < end; m++) {
    const r = rates[m] as number;
    const on = poisson(random, r * share * (1 - variationDrop));
    const off = poisson(random, r * (1 - share));
    causalOn.push(on);
    actual[m] = on + off;
  }
  const activations: Activation[] = [
    { id: `drop${index}-causal`, minute: onset - Math.floor(uniform(random, 0, 3)), share, causal: true },
  ];
  const harmless = 3 + Math.floor(random() * 3);
  for (let h = 0; h < harmless; h++) {
    activations.push({
      id: `drop${index}-harmless${h}`,
      minute: onset + Math.floor(uniform(random, -60, 4)),
      share: uniform(random, 0.1, 0.9),
      causal: false,
    });
  }
  return { onset, end, fraction, rate, boundMinutes, activations, causalOn };
}

/**
 * Per-variation bookings and units of one activation over minutes [from, to) (fractional at either end when the
 * detector ran below the minute): the causal flag's `on` count is what was simulated; any other flag's `on` count is
 * a binomial thinning of the total (no per-variation effect). A partial minute counts the bookings `bookingsIn` gives
 * for its covered share (lo..hi of the minute), the causal `on` count among them thinned at the minute's `on` share,
 * and that share of the minute's units.
 */
export function splitOf(
  series: SimulatedSeries,
  drop: InjectedDrop,
  activation: Activation,
  from: number,
  to: number,
  random: Random,
  bookingsIn?: (minute: number, lo: number, hi: number) => number,
): { on: { exposure: number; value: number }; off: { exposure: number; value: number } } {
  let onValue = 0;
  let total = 0;
  let units = 0;
  const start = Math.max(from, activation.minute);
  for (let m = Math.floor(start); m < to; m++) {
    const lo = Math.max(0, start - m);
    const hi = Math.min(1, to - m);
    if (hi <= lo) continue;
    const whole = (lo === 0 && hi === 1) || bookingsIn === undefined;
    const minuteBookings = series.actual[m] as number;
    const bookings = whole ? minuteBookings : bookingsIn(m, lo, hi);
    total += bookings;
    units += 10 * (series.rates[m] as number) * (whole ? 1 : hi - lo);
    if (activation.causal && m >= drop.onset && m < drop.end) {
      const on = drop.causalOn[m - drop.onset] as number;
      onValue += whole ? on : binomial(random, bookings, minuteBookings > 0 ? on / minuteBookings : 0);
    } else {
      onValue += binomial(random, bookings, activation.share);
    }
  }
  return {
    on: { exposure: units * activation.share, value: onValue },
    off: { exposure: units * (1 - activation.share), value: total - onValue },
  };
}

import {
  type CandidateCause,
  type ChangeEvent,
  type DetectorOptions,
  type DetectorState,
  FINEST_PARTS,
  INITIAL_DETECTOR_STATE,
  observationsOf,
  predictSeries,
  rankCauses,
  resetDetector,
  type SubBucketOptions,
  stepMinute,
  type WatchedChange,
} from "@switchboard/stats";
import { createRandom, type Random } from "../lib/prng.js";
import { type InjectedDrop, type SimulatedSeries, simulateSeries, splitOf } from "./booking-scenario.js";
import { binomial, MINUTES_PER_DAY, MINUTES_PER_WEEK } from "./traffic-model.js";

const MINUTE_MS = 60_000;
/** The runner's default `recoveryMinutes`. */
const RECOVERY_MINUTES = 5;

/** What happened to one injected drop. */
export interface DropOutcome {
  readonly drop: InjectedDrop;
  /** Minutes from the onset to the end of the bucket that raised the alarm; null when it was never raised. */
  readonly delayMinutes: number | null;
  readonly onsetErrorMinutes: number | null;
  readonly attributedRight: boolean;
}

export interface DetectionRun {
  readonly drops: readonly DropOutcome[];
  readonly falseAlarms: number;
  /** Those a drop monitor (the default direction) raises: drops and "gone to zero", not surges. */
  readonly falseDropAlarms: number;
  readonly simulatedWeeks: number;
}

/** 24 shops from about 14 to 1,250 bookings per minute at the evening peak, spaced evenly on a log scale. */
export const SHOP_PEAKS: readonly number[] = Array.from({ length: 24 }, (_, i) => 14 * (1250 / 14) ** (i / 23));

/** An alarm and the end of the (sub-)bucket that raised it. */
interface Alarm {
  readonly event: ChangeEvent;
  readonly endMs: number;
}

/**
 * Simulates every shop, predicts, detects and attributes; alarms outside the injected drops are false alarms. The
 * detector takes the server's step (`stepMinute`): each minute's bookings are also drawn as six 10 s counts (the
 * minute's Poisson count split evenly, from a separate stream so the minute series is the same), and a minute whose
 * expected count allows it is evaluated in 10, 20 or 30 s parts when `subBuckets.maxParts` allows (default: whole).
 */
export function runDetection(
  options: DetectorOptions & { readonly subBuckets?: SubBucketOptions } = {},
  seed = 2026,
): DetectionRun {
  const drops: DropOutcome[] = [];
  let falseAlarms = 0;
  let falseDropAlarms = 0;
  let simulatedWeeks = 0;
  SHOP_PEAKS.forEach((peak, shop) => {
    const series = simulateSeries(seed + shop * 7919, peak);
    const prediction = predictSeries(series.actual);
    // Start the detector a day before the evaluated weeks so its state is warm.
    const from = series.evaluateFrom - MINUTES_PER_DAY;
    const observations = observationsOf(series.actual, prediction.buckets, 0, MINUTE_MS).slice(from);
    const parts = splitMinutes(series.actual, from, createRandom(seed + shop * 7919 + 104_729));
    const alarms: Alarm[] = [];
    const changesAt = new Map<number, WatchedChange[]>();
    for (const change of series.changes) {
      const list = changesAt.get(change.minute) ?? [];
      list.push({ id: change.id, time: change.minute * MINUTE_MS });
      changesAt.set(change.minute, list);
    }
    let state: DetectorState = INITIAL_DETECTOR_STATE;
    // As the server's runner does: an alert also ends after RECOVERY_MINUTES in a row inside the band.
    let alerting = false;
    let calm = 0;
    observations.forEach((observation, i) => {
      const counts = parts.subarray(i * FINEST_PARTS, (i + 1) * FINEST_PARTS);
      const changes = changesAt.get(from + i);
      const minute = changes === undefined ? observation : { ...observation, changes };
      const step = stepMinute(state, minute, Array.from(counts), MINUTE_MS, options);
      state = step.state;
      for (const event of step.events) {
        if (event.type === "alarm")
          alarms.push({ event, endMs: event.endsAt ?? event.detectedAt + MINUTE_MS / step.parts });
      }
      if (step.events.some((e) => e.type === "alarm")) {
        alerting = true;
        calm = 0;
      } else if (alerting) {
        const band = prediction.buckets[from + i];
        const actual = series.actual[from + i] as number;
        const inside = band?.low != null && band.high != null && actual >= band.low && actual <= band.high;
        calm = inside ? calm + 1 : 0;
        if (calm >= RECOVERY_MINUTES || step.events.some((e) => e.type === "resolved")) {
          alerting = false;
          state = resetDetector(state);
        }
      }
    });
    const random = createRandom(seed + shop);
    const used = new Set<Alarm>();
    for (const drop of series.drops) {
      const alarm = alarms.find(
        ({ event: a }) =>
          a.direction !== "surge" && a.detectedAt >= drop.onset * MINUTE_MS && a.detectedAt < drop.end * MINUTE_MS,
      );
      if (!alarm) {
        drops.push({ drop, delayMinutes: null, onsetErrorMinutes: null, attributedRight: false });
        continue;
      }
      used.add(alarm);
      drops.push({
        drop,
        delayMinutes: alarm.endMs / MINUTE_MS - drop.onset,
        onsetErrorMinutes: alarm.event.onset / MINUTE_MS - drop.onset,
        attributedRight: attribute(series, parts, from, drop, alarm, random),
      });
    }
    // Any other alarm in the evaluated weeks is false, including one right after a drop ends.
    const falses = alarms.filter(
      (alarm) =>
        !used.has(alarm) &&
        alarm.event.detectedAt >= series.evaluateFrom * MINUTE_MS &&
        !series.drops.some(
          (d) => alarm.event.detectedAt >= d.onset * MINUTE_MS && alarm.event.detectedAt < d.end * MINUTE_MS,
        ),
    );
    falseAlarms += falses.length;
    falseDropAlarms += falses.filter((alarm) => alarm.event.direction !== "surge").length;
    simulatedWeeks += (series.actual.length - series.evaluateFrom) / MINUTES_PER_WEEK;
  });
  return { drops, falseAlarms, falseDropAlarms, simulatedWeeks };
}

/**
 * Each minute's count from `from` on as six 10 s counts (flat within the minute: multinomial with equal shares),
 * row-major, so minute `from + i` is `[6i, 6i + 6)`.
 */
function splitMinutes(actual: readonly number[], from: number, random: Random): Int32Array {
  const parts = new Int32Array((actual.length - from) * FINEST_PARTS);
  for (let m = from; m < actual.length; m++) {
    let left = actual[m] as number;
    for (let p = 0; p < FINEST_PARTS; p++) {
      const count = p === FINEST_PARTS - 1 ? left : binomial(random, left, 1 / (FINEST_PARTS - p));
      parts[(m - from) * FINEST_PARTS + p] = count;
      left -= count;
    }
  }
  return parts;
}

/**
 * Ranks the drop's activations with their splits from the estimated onset to the end of the alarming bucket, or a
 * minute after the onset if that is later: the window the server's runner reads (`gatherCandidates`), which has
 * that minute by the time it raises the alert (it evaluates whole minutes after a minute's lag). With whole-minute
 * buckets the alarm never ends sooner than a minute after the onset, so this is the window the benchmark always
 * used. Right if the causal activation wins.
 */
function attribute(
  series: SimulatedSeries,
  parts: Int32Array,
  from: number,
  drop: InjectedDrop,
  alarm: Alarm,
  random: () => number,
): boolean {
  const onsetMinute = alarm.event.onset / MINUTE_MS;
  const to = Math.max(alarm.endMs, alarm.event.onset + MINUTE_MS) / MINUTE_MS;
  const bookingsIn = (minute: number, lo: number, hi: number): number => {
    const first = Math.round(lo * FINEST_PARTS);
    const last = Math.round(hi * FINEST_PARTS);
    let sum = 0;
    for (let p = first; p < last; p++) sum += parts[(minute - from) * FINEST_PARTS + p] as number;
    return sum;
  };
  const candidates: CandidateCause[] = drop.activations.map((activation) => {
    const split = splitOf(series, drop, activation, onsetMinute, to, random, bookingsIn);
    return {
      id: activation.id,
      time: activation.minute * MINUTE_MS,
      kind: "flag-activation",
      description: `\`${activation.id}\` activated`,
      split: [
        { variation: "on", activated: true, ...split.on },
        { variation: "off", activated: false, ...split.off },
      ],
    };
  });
  const [best] = rankCauses(alarm.event.onset, candidates, { detectedAt: alarm.event.detectedAt });
  return best !== undefined && drop.activations.find((a) => a.id === best.cause.id)?.causal === true;
}

import {
  type CandidateCause,
  type ChangeEvent,
  type DetectorOptions,
  detectChanges,
  observationsOf,
  predictSeries,
  rankCauses,
} from "@switchboard/stats";
import { createRandom } from "../lib/prng.js";
import { type InjectedDrop, type SimulatedSeries, simulateSeries, splitOf } from "./booking-scenario.js";
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from "./traffic-model.js";

const MINUTE_MS = 60_000;

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
  readonly simulatedWeeks: number;
}

/** 24 shops from about 14 to 1,250 bookings per minute at the evening peak, spaced evenly on a log scale. */
export const SHOP_PEAKS: readonly number[] = Array.from({ length: 24 }, (_, i) => 14 * (1250 / 14) ** (i / 23));

/** Simulates every shop, predicts, detects and attributes; alarms outside the injected drops are false alarms. */
export function runDetection(options: DetectorOptions = {}, seed = 2026): DetectionRun {
  const drops: DropOutcome[] = [];
  let falseAlarms = 0;
  let simulatedWeeks = 0;
  SHOP_PEAKS.forEach((peak, shop) => {
    const series = simulateSeries(seed + shop * 7919, peak);
    const prediction = predictSeries(series.actual);
    // Start the detector a day before the evaluated weeks so its state is warm.
    const from = series.evaluateFrom - MINUTES_PER_DAY;
    const observations = observationsOf(series.actual, prediction.buckets, 0, MINUTE_MS).slice(from);
    const alarms = detectChanges(observations, options).events.filter((e) => e.type === "alarm");
    const random = createRandom(seed + shop);
    const used = new Set<ChangeEvent>();
    for (const drop of series.drops) {
      const alarm = alarms.find(
        (a) => a.direction !== "surge" && a.detectedAt >= drop.onset * MINUTE_MS && a.detectedAt < drop.end * MINUTE_MS,
      );
      if (!alarm) {
        drops.push({ drop, delayMinutes: null, onsetErrorMinutes: null, attributedRight: false });
        continue;
      }
      used.add(alarm);
      drops.push({
        drop,
        delayMinutes: alarm.detectedAt / MINUTE_MS + 1 - drop.onset,
        onsetErrorMinutes: alarm.onset / MINUTE_MS - drop.onset,
        attributedRight: attribute(series, drop, alarm, random),
      });
    }
    // Any other alarm in the evaluated weeks is false, including one right after a drop ends.
    const falses = alarms.filter(
      (a) =>
        !used.has(a) &&
        a.detectedAt >= series.evaluateFrom * MINUTE_MS &&
        !series.drops.some((d) => a.detectedAt >= d.onset * MINUTE_MS && a.detectedAt < d.end * MINUTE_MS),
    );
    falseAlarms += falses.length;
    simulatedWeeks += (series.actual.length - series.evaluateFrom) / MINUTES_PER_WEEK;
  });
  return { drops, falseAlarms, simulatedWeeks };
}

/** Ranks the drop's activations with their splits from the estimated onset to the alarm; right if the causal one wins. */
function attribute(series: SimulatedSeries, drop: InjectedDrop, alarm: ChangeEvent, random: () => number): boolean {
  const onsetMinute = alarm.onset / MINUTE_MS;
  const to = alarm.detectedAt / MINUTE_MS + 1;
  const candidates: CandidateCause[] = drop.activations.map((activation) => {
    const split = splitOf(series, drop, activation, onsetMinute, to, random);
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
  const [best] = rankCauses(alarm.onset, candidates, { detectedAt: alarm.detectedAt });
  return best !== undefined && drop.activations.find((a) => a.id === best.cause.id)?.causal === true;
}

import { writeFileSync } from "node:fs";
import { DEFAULT_CUSUM_BANK, DEFAULT_SUB_BUCKET_OPTIONS } from "@switchboard/stats";
import type { BenchSuite, Reporter } from "../lib/bench-types.js";
import { measurementOf, round } from "../lib/measurement.js";
import { type DetectionRun, runDetection } from "./detection-run.js";
import { evaluateLabelled, LABELLED_SERIES, loadLabelledSeries } from "./labelled-series.js";

const IMPL = "switchboard";

/**
 * `DETECTION_MAX_PARTS=6` (or 3, 2) lets high-rate minutes be evaluated in 10 s (20, 30 s) parts; default: the
 * detector's own default, whole minutes (see `DEFAULT_SUB_BUCKET_OPTIONS` for why).
 */
function maxParts(): number {
  const given = Number(process.env["DETECTION_MAX_PARTS"]);
  return Number.isInteger(given) && given >= 1 ? given : DEFAULT_SUB_BUCKET_OPTIONS.maxParts;
}

/** `DETECTION_OVERSHOOT` overrides the sub-bucket threshold lift (in bucket standard deviations), to explore it. */
function overshoot(): { overshoot?: number } {
  const given = Number(process.env["DETECTION_OVERSHOOT"]);
  return given >= 0 && process.env["DETECTION_OVERSHOOT"] !== undefined ? { overshoot: given } : {};
}

/** `DETECTION_MIN_EXPECTED` overrides the least expected count per part, to explore the cut. */
function minExpected(): number {
  const given = Number(process.env["DETECTION_MIN_EXPECTED"]);
  return given > 0 ? given : DEFAULT_SUB_BUCKET_OPTIONS.minExpected;
}

/** `DETECTION_WATCH_THRESHOLD` overrides the change watch's threshold (Infinity: CUSUM alone), to explore it. */
function watch(): { watch?: { threshold: number } } {
  const raw = process.env["DETECTION_WATCH_THRESHOLD"];
  const given = Number(raw);
  return raw !== undefined && raw !== "" && given > 0 ? { watch: { threshold: given } } : {};
}

/** `DETECTION_BANK` (JSON, e.g. `[{"k":0.5,"h":12}]`) overrides the CUSUM bank, to explore it. */
function bankOverride(): { bank?: { k: number; h: number }[] } {
  const raw = process.env["DETECTION_BANK"];
  return raw !== undefined && raw !== "" ? { bank: JSON.parse(raw) as { k: number; h: number }[] } : {};
}

/** The three simulated figures come from one simulation, run once however many of them are selected. */
let simulation: DetectionRun | undefined;
function simulated(reporter: Reporter): DetectionRun {
  if (!simulation) {
    const bank = (bankOverride().bank ?? DEFAULT_CUSUM_BANK).map((m) => `k ${m.k} h ${m.h}`).join(", ");
    const parts = maxParts();
    const cut = parts === 1 ? "whole minutes" : `up to ${parts} parts a minute, ≥ ${minExpected()} expected per part`;
    reporter.note(`simulating 24 shops × 7 weeks with the CUSUM bank (${bank}), ${cut}…`);
    simulation = runDetection({
      ...overshoot(),
      ...watch(),
      ...bankOverride(),
      subBuckets: { maxParts: parts, minExpected: minExpected() },
    });
    const dump = process.env["DETECTION_DUMP"];
    if (dump !== undefined && dump !== "") {
      const rows = simulation.drops.map((d) => ({
        f: d.drop.fraction,
        rate: d.drop.rate,
        bound: d.drop.boundMinutes,
        delay: d.delayMinutes,
        onsetError: d.onsetErrorMinutes,
        right: d.attributedRight,
      }));
      writeFileSync(dump, JSON.stringify(rows));
    }
  }
  return simulation;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function emitOne(reporter: Reporter, bench: string, metric: string, value: number, runs: number): void {
  reporter.emit({ bench, impl: IMPL, metric, value: round(value), runs, min: round(value), max: round(value) });
}

/**
 * Monitors: seasonal prediction + CUSUM + attribution on simulated bookings (24 shops, 7 weeks each, 4 of warm-up),
 * and on NAB's labelled real series.
 */
export const detectionSuite: BenchSuite = {
  prefix: "detection",
  benches: [
    {
      name: "detection.delay",
      description: "median detection delay of injected drops ÷ the bound (3/f)²/λ minutes",
      async run(reporter) {
        const run = simulated(reporter);
        // A missed drop counts as an infinite delay: it pushes the median up, as it should.
        const ratios = run.drops.map((d) =>
          d.delayMinutes === null ? Number.POSITIVE_INFINITY : d.delayMinutes / d.drop.boundMinutes,
        );
        const finite = ratios.filter(Number.isFinite);
        const m = measurementOf("detection.delay", IMPL, "ratio_to_bound", finite);
        reporter.emit({ ...m, value: round(median(ratios)), runs: ratios.length });
        // The same with the bound floored at one bucket: no per-minute monitor can answer inside the first minute.
        const floored = run.drops.map((d) =>
          d.delayMinutes === null ? Number.POSITIVE_INFINITY : d.delayMinutes / Math.max(1, d.drop.boundMinutes),
        );
        emitOne(reporter, "detection.delay", "ratio_to_bound_floored", median(floored), floored.length);
        emitOne(
          reporter,
          "detection.delay",
          "median_minutes",
          median(run.drops.map((d) => d.delayMinutes ?? Number.POSITIVE_INFINITY)),
          run.drops.length,
        );
        emitOne(
          reporter,
          "detection.delay",
          "missed",
          run.drops.filter((d) => d.delayMinutes === null).length,
          run.drops.length,
        );
        const onsetErrors = run.drops.flatMap((d) =>
          d.onsetErrorMinutes === null ? [] : [Math.abs(d.onsetErrorMinutes)],
        );
        emitOne(reporter, "detection.delay", "onset_error_minutes_median", median(onsetErrors), onsetErrors.length);
        reporter.note(`${run.drops.length} injected drops, ${finite.length} detected`);
      },
    },
    {
      name: "detection.false_alarms",
      description: "alarms outside injected drops per simulated week (24 shops × 3 evaluated weeks)",
      async run(reporter) {
        const run = simulated(reporter);
        emitOne(
          reporter,
          "detection.false_alarms",
          "per_week",
          run.falseAlarms / run.simulatedWeeks,
          Math.round(run.simulatedWeeks),
        );
        // What a monitor with the default direction (drop) would raise: surges are not alerted on.
        emitOne(
          reporter,
          "detection.false_alarms",
          "per_week_drop_monitor",
          run.falseDropAlarms / run.simulatedWeeks,
          Math.round(run.simulatedWeeks),
        );
      },
    },
    {
      name: "detection.attribution",
      description: "injected drops whose causal activation ranks first among 4–6 (missed drops count as wrong)",
      async run(reporter) {
        const run = simulated(reporter);
        const right = run.drops.filter((d) => d.attributedRight).length;
        emitOne(reporter, "detection.attribution", "pct_correct", (100 * right) / run.drops.length, run.drops.length);
        const detected = run.drops.filter((d) => d.delayMinutes !== null);
        emitOne(
          reporter,
          "detection.attribution",
          "pct_correct_of_detected",
          (100 * detected.filter((d) => d.attributedRight).length) / Math.max(1, detected.length),
          detected.length,
        );
      },
    },
    {
      name: "detection.labelled",
      description:
        "NAB labelled real series (bench/detection/anomaly): labelled windows with an alarm, false alarms per week",
      async run(reporter) {
        let windows = 0;
        let detected = 0;
        for (const { file, kind } of LABELLED_SERIES) {
          const result = evaluateLabelled(loadLabelledSeries(file, kind));
          windows += result.windows;
          detected += result.detected;
          const name = `detection.labelled.${file.replace(/\.csv$/, "")}`;
          emitOne(
            reporter,
            name,
            "windows_detected_pct",
            (100 * result.detected) / Math.max(1, result.windows),
            result.windows,
          );
          emitOne(
            reporter,
            name,
            "false_alarms_per_week",
            result.falseAlarms / Math.max(result.weeks, 1e-9),
            Math.round(result.weeks),
          );
        }
        emitOne(reporter, "detection.labelled", "windows_detected_pct", (100 * detected) / windows, windows);
      },
    },
  ],
};

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ChangeEvent,
  type DetectorOptions,
  detectChanges,
  observationsOf,
  type PredictionOptions,
  predictSeries,
} from "@switchboard/stats";

/** The NAB subset copied into ./anomaly (see its LICENSE.md and README.md). */
export const ANOMALY_DIR = fileURLToPath(new URL("./anomaly/", import.meta.url));

/** How each series is treated: counts (taxi passengers, tweets) or other values (latency, CPU, cost per click). */
export const LABELLED_SERIES: readonly { readonly file: string; readonly kind: "count" | "value" }[] = [
  { file: "nyc_taxi.csv", kind: "count" },
  { file: "Twitter_volume_AMZN.csv", kind: "count" },
  { file: "exchange-2_cpc_results.csv", kind: "value" },
  { file: "ec2_request_latency_system_failure.csv", kind: "value" },
  { file: "cpu_utilization_asg_misconfiguration.csv", kind: "value" },
];

export interface LabelledSeries {
  readonly file: string;
  readonly kind: "count" | "value";
  /** Time of bucket 0 (ms, the timestamps read as UTC) and the step. */
  readonly startTime: number;
  readonly stepMs: number;
  /** Values on the regular grid; null where the file has no row. */
  readonly values: readonly (number | null)[];
  /** NAB's labelled windows, [start, end] in ms. */
  readonly windows: readonly (readonly [number, number])[];
}

function parseTime(text: string): number {
  return Date.parse(`${text.trim().replace(" ", "T").slice(0, 19)}Z`);
}

/** Reads one series onto a regular grid (the most common gap between rows is the step). */
export function loadLabelledSeries(file: string, kind: "count" | "value"): LabelledSeries {
  const rows = readFileSync(join(ANOMALY_DIR, "data", file), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [time = "", value = ""] = line.split(",");
      return [parseTime(time), Number(value)] as const;
    });
  const gaps = new Map<number, number>();
  for (let i = 1; i < rows.length; i++) {
    const gap = (rows[i] as readonly [number, number])[0] - (rows[i - 1] as readonly [number, number])[0];
    gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
  }
  const stepMs = [...gaps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 60_000;
  const startTime = (rows[0] as readonly [number, number])[0];
  const length = Math.round(((rows[rows.length - 1] as readonly [number, number])[0] - startTime) / stepMs) + 1;
  const values: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const [time, value] of rows) values[Math.round((time - startTime) / stepMs)] = value;
  const labels = JSON.parse(readFileSync(join(ANOMALY_DIR, "labels.json"), "utf8")) as Record<
    string,
    { anomaly_windows: [string, string][] }
  >;
  const windows = (labels[file]?.anomaly_windows ?? []).map(([a, b]) => [parseTime(a), parseTime(b)] as const);
  return { file, kind, startTime, stepMs, values, windows };
}

export interface LabelledResult {
  readonly file: string;
  readonly windows: number;
  /** Labelled windows with at least one alarm inside. */
  readonly detected: number;
  /** Alarms outside every labelled window, and the weeks of data after the first one (the warm-up). */
  readonly falseAlarms: number;
  readonly weeks: number;
  readonly alarms: readonly ChangeEvent[];
}

/** Predicts and detects on one series with the package defaults (kind and bucket width from the series). */
export function evaluateLabelled(series: LabelledSeries, detector: DetectorOptions = {}): LabelledResult {
  const bucketMinutes = series.stepMs / 60_000;
  const options: PredictionOptions = { bucketMinutes, kind: series.kind };
  const prediction = predictSeries(series.values, options);
  const observations = observationsOf(series.values, prediction.buckets, series.startTime, series.stepMs);
  const alarms = detectChanges(observations, { ...detector, kind: series.kind }).events.filter(
    (e) => e.type === "alarm",
  );
  const inWindow = (time: number) => series.windows.some(([a, b]) => time >= a && time <= b);
  const weekMs = 7 * 24 * 3_600_000;
  // The first day is the cold start: alarms there are not counted either way.
  const counted = alarms.filter((a) => a.detectedAt >= series.startTime + 24 * 3_600_000);
  return {
    file: series.file,
    windows: series.windows.length,
    detected: series.windows.filter(([a, b]) => counted.some((x) => x.detectedAt >= a && x.detectedAt <= b)).length,
    falseAlarms: counted.filter((a) => !inWindow(a.detectedAt)).length,
    weeks: Math.max(0, series.values.length * series.stepMs - 24 * 3_600_000) / weekMs,
    alarms: counted,
  };
}

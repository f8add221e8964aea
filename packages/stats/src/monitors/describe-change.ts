import type { ChangeDirection } from "./detect-changes.js";
import type { RankedCause } from "./rank-causes.js";

export interface ChangeSummaryInput {
  /** The metric's name as people say it, e.g. "bookings". */
  readonly metric: string;
  /** The alarm (a `ChangeEvent` fits): direction, onset and the sums since the onset. */
  readonly change: {
    readonly direction: ChangeDirection;
    readonly onset: number;
    readonly expectedSum: number;
    readonly actualSum: number;
    readonly buckets: number;
  };
  /** The best-ranked cause, if any. */
  readonly cause?: RankedCause | null;
  /** Name of one bucket in "/min" (default "min"). */
  readonly bucketLabel?: string;
  /** IANA zone the onset's clock time is written in (default "UTC"). */
  readonly timeZone?: string;
  /** What the split's exposure counts, as in "units served `on`" (default "units"). */
  readonly exposureNoun?: string;
  /** What the metric does per exposure, as in "convert 31% less" (default "convert"). */
  readonly verb?: string;
}

/**
 * The alert's one sentence: "bookings −18% (−340/min vs predicted) since 14:02, 3 min after `new-checkout` ramped
 * to 25% in production; units served `on` convert 31% less than `off`, p < 0.001". Without a cause it ends after
 * the time; with a cause whose split shows nothing it says so ("no clear difference between …, p = 0.42").
 */
export function describeChange(input: ChangeSummaryInput): string {
  const { change, cause } = input;
  const bucket = input.bucketLabel ?? "min";
  const perBucket = change.buckets > 0 ? (change.actualSum - change.expectedSum) / change.buckets : 0;
  const relative = change.expectedSum > 0 ? change.actualSum / change.expectedSum - 1 : 0;
  const size = change.direction === "zero" ? "gone to zero" : `${signed(percent(relative))}%`;
  let sentence = `${input.metric} ${size} (${signed(rounded(perBucket))}/${bucket} vs predicted) since ${clock(change.onset, input.timeZone ?? "UTC")}`;
  if (!cause) return sentence;
  sentence += `, ${lead(cause.leadMs)} ${cause.cause.description}`;
  const evidence = cause.evidence;
  if (!evidence) return sentence;
  const on = evidence.activated.map((v) => `\`${v}\``).join(" and ");
  const off = evidence.others.map((v) => `\`${v}\``).join(" and ");
  const p = pText(evidence.pValue);
  const difference = evidence.relativeDifference;
  const expectedWay = change.direction === "surge" ? difference > 0 : difference < 0;
  if (!expectedWay || evidence.pValue >= 0.05) {
    return `${sentence}; no clear difference between ${on} and ${off}, ${p}`;
  }
  const amount = Number.isFinite(difference)
    ? `${percent(Math.abs(difference))}% ${difference < 0 ? "less" : "more"}`
    : "more";
  return `${sentence}; ${input.exposureNoun ?? "units"} served ${on} ${input.verb ?? "convert"} ${amount} than ${off}, ${p}`;
}

function percent(fraction: number): string {
  const value = fraction * 100;
  return Math.abs(value) < 1 && value !== 0 ? value.toFixed(1) : Math.round(value).toString();
}

function rounded(value: number): string {
  return Math.abs(value) >= 10 ? Math.round(value).toString() : value.toFixed(1);
}

/** A leading minus sign (U+2212) or plus sign. */
function signed(text: string): string {
  if (text.startsWith("-")) return `−${text.slice(1)}`;
  return /^0(\.0)?$/.test(text) ? text : `+${text}`;
}

function clock(time: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(
    time,
  );
}

function lead(leadMs: number): string {
  const minutes = Math.round(Math.abs(leadMs) / 60_000);
  if (minutes === 0) return "right as";
  return `${minutes} min ${leadMs > 0 ? "after" : "before"}`;
}

function pText(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${Number(p.toPrecision(2))}`;
}

import type { CustomerExposureSpan, CustomerRequest } from "@switchboard/core";

/** What the search box asks for: a unit id, or the units whose events carry an attribute value. */
export type CustomerSearchTarget =
  | { kind: "unit"; unit: string }
  | { kind: "attribute"; attribute: string; value: string };

/** The search of the form's fields; null when the value is empty. "unit" (or no attribute) searches by unit id. */
export function searchTarget(attribute: string, value: string): CustomerSearchTarget | null {
  const text = value.trim();
  if (text === "") return null;
  const name = attribute.trim();
  return name === "" || name === "unit"
    ? { kind: "unit", unit: text }
    : { kind: "attribute", attribute: name, value: text };
}

/** The time axis shared by the timeline's stretches and the request ticks: from the earliest of them to now. */
export interface TimeAxis {
  start: number;
  end: number;
}

/** The axis that holds every stretch and every request, ending at `nowMs`. */
export function timeAxis(
  spans: readonly CustomerExposureSpan[],
  requests: readonly Pick<CustomerRequest, "ts">[],
  nowMs: number,
): TimeAxis {
  const times = [...spans.map((span) => Date.parse(span.startedAt)), ...requests.map((r) => Date.parse(r.ts))];
  const start = times.length === 0 ? nowMs : Math.min(...times);
  return { start, end: Math.max(nowMs, start + 1) };
}

/** One stretch of the timeline placed on the axis, in percent of its width. */
export interface TimelineBar {
  span: CustomerExposureSpan;
  left: number;
  width: number;
}

/** Places each stretch on the axis (an open stretch runs to its end), at least 0.5% wide so one exposure shows. */
export function timelineBars(spans: readonly CustomerExposureSpan[], axis: TimeAxis): TimelineBar[] {
  return spans.map((span) => {
    const from = Date.parse(span.startedAt);
    const to = span.endedAt === null ? axis.end : Date.parse(span.endedAt);
    const left = percentOf(from, axis);
    const width = Math.max(percentOf(to, axis) - left, 0.5);
    return { span, left, width: round(Math.min(width, 100 - left)) };
  });
}

/** A request on the axis; `failed` for a 5xx or `error` status, so a complaint's requests stand out. */
export interface RequestTick {
  request: CustomerRequest;
  left: number;
  failed: boolean;
}

/** The requests placed on the axis. */
export function requestTicks(requests: readonly CustomerRequest[], axis: TimeAxis): RequestTick[] {
  return requests.map((request) => {
    const status = request.status ?? "";
    const failed = /^5\d\d$/.test(status) || status === "error";
    return { request, left: percentOf(Date.parse(request.ts), axis), failed };
  });
}

function percentOf(ms: number, axis: TimeAxis): number {
  return round(((ms - axis.start) / (axis.end - axis.start)) * 100);
}

/** A timestamp as the page shows it: `2026-03-01 12:04:05 UTC`. */
export function shortTime(iso: string | null): string {
  if (iso === null) return "now";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The ISO time of a `datetime-local` input's value read as UTC, or undefined when empty or invalid. */
export function utcFromLocalInput(value: string): string | undefined {
  if (value.trim() === "") return undefined;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

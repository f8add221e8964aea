import type { CustomerExposureSpan } from "@switchboard/core";

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

/** One stretch of the timeline placed on a shared time axis, in percent of its width. */
export interface TimelineBar {
  span: CustomerExposureSpan;
  left: number;
  width: number;
}

/**
 * Places each stretch between the earliest start and `nowMs` (an open stretch runs to now), at least 0.5% wide so a
 * single exposure stays visible.
 */
export function timelineBars(spans: readonly CustomerExposureSpan[], nowMs: number): TimelineBar[] {
  if (spans.length === 0) return [];
  const start = Math.min(...spans.map((span) => Date.parse(span.startedAt)));
  const range = Math.max(nowMs - start, 1);
  return spans.map((span) => {
    const from = Date.parse(span.startedAt);
    const to = span.endedAt === null ? nowMs : Date.parse(span.endedAt);
    const left = ((from - start) / range) * 100;
    const width = Math.max(((to - from) / range) * 100, 0.5);
    return { span, left: round(left), width: round(Math.min(width, 100 - left)) };
  });
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

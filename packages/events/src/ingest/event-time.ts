import { EVENT_TIME_MESSAGE } from "@switchboard/core";

/** The earliest `ts` ingest accepts: no product of ours predates it, so an earlier time is a client's clock or bug. */
export const EARLIEST_EVENT_TIME_MS = Date.UTC(2000, 0, 1);

/** How far past the server's clock an item's `ts` may lie: absorbs clock skew, refuses nonsense years. */
export const MAX_EVENT_TIME_AHEAD_MS = 24 * 60 * 60 * 1000;

// RFC 3339 `date-time`: a full date, a full time with optional fraction, and a mandatory offset (Z or ±hh:mm).
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** An accepted `ts` as epoch milliseconds, or why it is refused (a message for the item's `ts` detail). */
export type EventTime = { ok: true; epochMs: number } | { ok: false; message: string };

/**
 * Reads an item's `ts`: only an RFC 3339 date-time with a time zone (`2026-03-01T12:00:00.000Z`,
 * `2026-03-01T13:00:00+01:00`) between 2000-01-01T00:00:00Z and a day after `nowMs`. `Date.parse` alone is not
 * enough: it reads `"1"` as 2001 and `"Tue Mar 1 2026"` as a local time, and allows years up to ±275760.
 */
export function parseEventTime(value: unknown, nowMs: number): EventTime {
  const epochMs = typeof value === "string" ? rfc3339EpochMs(value) : undefined;
  if (epochMs === undefined) {
    return { ok: false, message: EVENT_TIME_MESSAGE };
  }
  const latestMs = nowMs + MAX_EVENT_TIME_AHEAD_MS;
  if (epochMs < EARLIEST_EVENT_TIME_MS || epochMs > latestMs) {
    return {
      ok: false,
      message: `must lie between 2000-01-01T00:00:00.000Z and a day after the server's time (${new Date(latestMs).toISOString()})`,
    };
  }
  return { ok: true, epochMs };
}

function rfc3339EpochMs(text: string): number | undefined {
  const match = RFC_3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [, , , , , , , fraction, sign, offsetHours, offsetMinutes] = match;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const offsetMin = sign === undefined ? 0 : Number(offsetHours) * 60 + Number(offsetMinutes);
  if (offsetMin >= 24 * 60 || Number(offsetMinutes) > 59) return undefined;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return utcMs - (sign === "-" ? -offsetMin : offsetMin) * 60_000;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

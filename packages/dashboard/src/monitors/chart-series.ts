import type { Alert, HourPoint, MinutePoint } from "@switchboard/core";

/** The actual, expected and band series of the evaluated minutes on one time grid (seconds). */
export interface BandSeries {
  times: number[];
  actual: number[];
  expected: number[];
  lower: number[];
  upper: number[];
}

/** Minutes in time order as chart columns (the runner keeps them ordered; a copy is sorted to be sure). */
export function bandSeries(minutes: readonly MinutePoint[]): BandSeries {
  const sorted = [...minutes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    times: sorted.map((m) => Date.parse(m.at) / 1000),
    actual: sorted.map((m) => m.actual),
    expected: sorted.map((m) => m.expected),
    lower: sorted.map((m) => Math.max(0, m.lower)),
    upper: sorted.map((m) => m.upper),
  };
}

/** The onset of each alert as a chart line: when the change started, not when it was noticed. */
export function onsetLines(alerts: readonly Alert[]): { atS: number; label: string; color: string }[] {
  return alerts.map((a) => ({
    atS: Date.parse(a.onsetAt) / 1000,
    label: `onset ${a.direction}${a.resolvedAt === null ? " (open)" : ""}`,
    color: a.resolvedAt === null ? "#b3261e" : "#6b6b6b",
  }));
}

/** The burn chart: shortfall spent so far over the window against the allowed pace (both cumulative). */
export interface BurnSeries {
  times: number[];
  spent: number[];
  allowed: number[];
}

/** Cumulates the hourly ledger of the last `windowDays` (ending at `nowMs`) into spent vs allowed. */
export function burnSeries(
  hours: readonly HourPoint[],
  allowedFraction: number,
  windowDays: number,
  nowMs: number,
): BurnSeries {
  const from = nowMs - windowDays * 86_400_000;
  const inWindow = hours.filter((h) => Date.parse(h.at) >= from).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const out: BurnSeries = { times: [], spent: [], allowed: [] };
  let spent = 0;
  let allowed = 0;
  for (const hour of inWindow) {
    spent += hour.shortfall;
    allowed += hour.expected * allowedFraction;
    out.times.push(Date.parse(hour.at) / 1000);
    out.spent.push(spent);
    out.allowed.push(allowed);
  }
  return out;
}

/** Minutes as ledger entries (shortfall = max(0, expected − actual)), for a burn chart before two hours exist. */
export function minutesAsLedger(minutes: readonly MinutePoint[]): HourPoint[] {
  return minutes.map((m) => ({ at: m.at, expected: m.expected, shortfall: Math.max(0, m.expected - m.actual) }));
}

/** Where events were seen: the earliest and latest event time of a scope (milliseconds). */
export interface DataExtent {
  earliestMs: number;
  latestMs: number;
}

/** How far back "where the data is" looks, and the narrowest window it opens (a few points are not a chart). */
export const LOOKBACK_S = 7 * 86_400;
const MIN_WIDTH_S = 15 * 60;

/**
 * The window a chart opens on when nobody chose one: from the earliest event seen to now, on whole steps, at least a
 * quarter of an hour wide and never older than the look-back. Fresh data then fills the chart instead of being a
 * sliver at the edge of a day. Without data: the last 24 hours.
 */
export function dataWindow(extent: DataExtent | null, nowMs: number, stepS = 60): { fromS: number; toS: number } {
  const toS = Math.ceil(nowMs / 1000 / stepS) * stepS;
  if (extent === null) return { fromS: toS - 86_400, toS };
  const earliestS = Math.max(Math.floor(extent.earliestMs / 1000 / stepS) * stepS, toS - LOOKBACK_S);
  return { fromS: Math.min(earliestS, toS - MIN_WIDTH_S), toS };
}

/** The extent from a `min(ts), max(ts)` answer row, or null when no events were seen. */
export function extentOf(earliest: unknown, latest: unknown): DataExtent | null {
  const earliestMs = toMs(earliest);
  const latestMs = toMs(latest);
  return earliestMs === null || latestMs === null ? null : { earliestMs, latestMs };
}

/** The query for the extent of the events (or exposure records) matching `where`, over the look-back. */
export function extentQuery(where: readonly unknown[], environment: string, source?: "exposures") {
  return {
    kind: "aggregate",
    last: `${LOOKBACK_S / 86_400}d`,
    ...(source === undefined ? {} : { source }),
    ...(environment === "" ? {} : { environment }),
    where,
    aggregates: [
      { fn: "min", field: "ts", as: "earliest" },
      { fn: "max", field: "ts", as: "latest" },
    ],
  };
}

/** The bucket that keeps a window of `widthS` seconds to at most about 300 points. */
export function bucketFor(widthS: number): { bucket: string; step: number } {
  const buckets = [
    { bucket: "1m", step: 60 },
    { bucket: "5m", step: 300 },
    { bucket: "15m", step: 900 },
    { bucket: "1h", step: 3600 },
  ];
  return buckets.find((b) => widthS / b.step <= 300) ?? { bucket: "1h", step: 3600 };
}

function toMs(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? (value > 1e11 ? value : value * 1000) : null;
  if (typeof value === "string" && value !== "") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

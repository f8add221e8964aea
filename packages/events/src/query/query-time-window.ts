/**
 * The times a query may name: 1900-01-01 to 2300-01-01, what both event stores can hold (ClickHouse's DateTime64
 * range; DuckDB's is wider). Ingest keeps a narrower window, so every stored event of today
 * is inside it; a time outside it could not be compared by the engine and is refused up front.
 */
export const QUERYABLE_FROM = new Date("1900-01-01T00:00:00.000Z");
/** The last instant of the queryable window (an exclusive `to` may name it). */
export const QUERYABLE_UNTIL = new Date("2300-01-01T00:00:00.000Z");

/** What a query is told when it names a time outside the window. */
export const OUTSIDE_WINDOW =
  "must be between 1900-01-01T00:00:00Z and 2300-01-01T00:00:00Z (the times the event stores can compare)";

/** Whether the engine can compare a timestamp with this time. */
export function isQueryableTime(time: Date): boolean {
  const ms = time.getTime();
  return ms >= QUERYABLE_FROM.getTime() && ms <= QUERYABLE_UNTIL.getTime();
}

/** Milliseconds since the epoch moved into the window (for drill-downs derived from rows the engine answered). */
export function clampToWindow(ms: number): Date {
  return new Date(Math.min(Math.max(ms, QUERYABLE_FROM.getTime()), QUERYABLE_UNTIL.getTime()));
}

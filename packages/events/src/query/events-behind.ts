import type { AggregateQuery, EventsQuery, Filter, Query } from "./query-schema.js";
import { clampToWindow } from "./query-time-window.js";
import type { ResolvedAggregateQuery, TimeRange } from "./resolved-query.js";

/**
 * "Show me the events": for each row of an aggregate, the events query that lists exactly the raw events (or exposure
 * records) behind it —
 * the same scope, the row's group values as equality filters (a missing value as `exists: false`), and the row's
 * time bucket as the time range.
 */
export function eventsBehindRows(input: Query, resolved: ResolvedAggregateQuery, rows: readonly unknown[][]): Query[] {
  const query = input as AggregateQuery;
  const { from, to } = resolved.scope.range;
  const bucketed = resolved.bucketSeconds !== undefined;
  return rows.map((row) => {
    const where: Filter[] = [...(query.where ?? [])];
    resolved.groupBy.forEach((ref, i) => {
      const value = row[i + (bucketed ? 1 : 0)];
      if (value === null || value === undefined) where.push({ field: ref.path, op: "exists", value: false });
      else where.push({ field: ref.path, op: "=", value: typeof value === "number" ? value : String(value) });
    });
    const events: EventsQuery = { kind: "events", where, limit: 100 };
    if (query.source !== undefined) events.source = query.source;
    if (query.environment !== undefined) events.environment = query.environment;
    if (query.release !== undefined) events.release = query.release;
    const range = bucketed ? bucketRange(row[0], resolved.bucketSeconds ?? 0, resolved.scope.range) : { from, to };
    if (range.from !== undefined) events.from = range.from.toISOString();
    if (range.to !== undefined) events.to = range.to.toISOString();
    return events;
  });
}

/**
 * The bucket's time range within the scope's, moved into the window queries may name. A bucket wholly outside it
 * (an event stored at year 275760 before ingest checked times) has no range a query can name: its drill-down lists
 * the group's events of the whole scope instead.
 */
function bucketRange(bucketStart: unknown, bucketSeconds: number, scope: TimeRange): TimeRange {
  const startMs = Date.parse(String(bucketStart));
  const endMs = startMs + bucketSeconds * 1000;
  const from = clampToWindow(Math.max(startMs, scope.from?.getTime() ?? startMs));
  const to = clampToWindow(Math.min(endMs, scope.to?.getTime() ?? endMs));
  if (from < to) return { from, to };
  return scope;
}

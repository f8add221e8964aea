import type { AggregateQuery, EventsQuery, Filter, Query } from "./query-schema.js";
import type { ResolvedAggregateQuery } from "./resolved-query.js";

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
    if (bucketed) {
      const start = new Date(String(row[0]));
      const end = new Date(start.getTime() + (resolved.bucketSeconds ?? 0) * 1000);
      events.from = laterOf(start, from).toISOString();
      events.to = (to !== undefined && to < end ? to : end).toISOString();
    } else {
      if (from !== undefined) events.from = from.toISOString();
      if (to !== undefined) events.to = to.toISOString();
    }
    return events;
  });
}

function laterOf(a: Date, b: Date | undefined): Date {
  return b !== undefined && b > a ? b : a;
}

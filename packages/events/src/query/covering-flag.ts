import type { FieldRef } from "./field-ref.js";
import type { ResolvedAggregateQuery } from "./resolved-query.js";

// The typed columns the assignments table copies from each event (docs/events.md), besides span totals.
const CARRIED_COLUMNS = new Set([
  "id",
  "ts",
  "environment",
  "release",
  "name",
  "unit",
  "status",
  "duration_ms",
  "sample_rate",
]);

/**
 * The flag whose rows of the assignments table can answer the aggregate on their own, or undefined. That holds when
 * the query only ever names one flag, keeps only events that evaluated it (it groups by the flag or has a positive
 * filter on it), and every other field it reads is carried by the assignments table. The table is sorted by
 * (flag, variation, ts), so such a query reads one contiguous, narrow slice instead of every event's lists.
 */
export function coveringFlag(query: ResolvedAggregateQuery): string | undefined {
  const refs: FieldRef[] = [...query.groupBy, ...query.scope.filters.map((filter) => filter.ref)];
  for (const aggregate of query.aggregates) {
    if (aggregate.field !== undefined) refs.push(aggregate.field);
    if (aggregate.per !== undefined) refs.push(aggregate.per);
  }
  const flags = new Set(refs.flatMap((ref) => (ref.kind === "assignment" ? [ref.flag] : [])));
  const [flag] = flags;
  if (flag === undefined || flags.size > 1 || !refs.every(isCarried)) return undefined;
  const grouped = query.groupBy.some((ref) => ref.kind === "assignment");
  const required = query.scope.filters.some((filter) => filter.ref.kind === "assignment" && !filter.negate);
  return grouped || required ? flag : undefined;
}

/** Whether the assignments table carries the field (assignments of the statement's one flag included). */
export function isCarried(ref: FieldRef): boolean {
  if (ref.kind === "column") return CARRIED_COLUMNS.has(ref.column);
  return ref.kind === "assignment" || ref.kind === "span";
}

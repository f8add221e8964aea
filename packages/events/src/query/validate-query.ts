import type { ErrorDetail } from "@switchboard/core";
import { structuralProblems, validationFailed } from "@switchboard/core";
import { decodeCursor } from "./events-cursor.js";
import type { EventSource, FieldRef } from "./field-ref.js";
import { type Filter, type Query, QuerySchema } from "./query-schema.js";
import { isQueryableTime, OUTSIDE_WINDOW } from "./query-time-window.js";
import { resolveAggregate, resolveValueField } from "./resolve-aggregate.js";
import { type ResolvedFilter, resolveFilter } from "./resolve-filter.js";
import type { ResolvedQuery, ResolvedScope, TimeRange } from "./resolved-query.js";

/** At most this many time buckets per series (a day of seconds is 86,400). */
export const MAX_BUCKETS = 100_000;
/** The widest bucket: a century, far below where its width in microseconds would overflow the engine's integers. */
export const MAX_BUCKET_DAYS = 36_500;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds of a duration such as `30s`, `5m`, `24h`, `7d` (already shape-checked by the schema). */
export function durationSeconds(text: string): number {
  return Number(text.slice(0, -1)) * (UNIT_SECONDS[text.slice(-1)] ?? 0);
}

/** Checks a query (shape, fields, types, regexes, time range) and resolves it; VALIDATION_FAILED lists every problem. */
export function validateQuery(input: unknown, now: Date): ResolvedQuery {
  const structural = structuralProblems(QuerySchema, input);
  if (structural.length > 0) throw validationFailed(structural);
  const query = input as Query;
  const problems: ErrorDetail[] = [];
  const resolved = resolve(query, now, problems);
  if (problems.length > 0 || resolved === undefined) throw validationFailed(problems);
  return resolved;
}

function resolve(query: Query, now: Date, problems: ErrorDetail[]): ResolvedQuery | undefined {
  const source: EventSource =
    query.kind === "aggregate" || query.kind === "events" ? (query.source ?? "events") : "events";
  const scope = resolveScope(query, now, problems, source);
  switch (query.kind) {
    case "aggregate":
      return resolveAggregateQuery(query, scope, problems, source);
    case "events": {
      const fields = (query.fields ?? []).map((f, i) => resolveValueField(f, `fields[${i}]`, problems, source));
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (cursor === null) problems.push({ path: "cursor", message: "is not a cursor from a previous page" });
      const page = { fields: defined(fields), limit: query.limit ?? 100, cursor: cursor ?? undefined };
      return { kind: "events", source, scope, ...page };
    }
    case "messages-diff":
      return {
        kind: "messages-diff",
        scope,
        selection: resolveFilters(query.selection, "selection", problems),
        baseline: resolveFilters(query.baseline, "baseline", problems),
        limit: query.limit ?? 100,
      };
    case "new-messages":
      return { kind: "new-messages", scope, sinceRelease: query.sinceRelease, limit: query.limit ?? 100 };
    case "bubbleup": {
      const dims = query.dimensions.map((field, i) => resolveValueField(field, `dimensions[${i}]`, problems));
      return {
        kind: "bubbleup",
        scope,
        selection: resolveFilters(query.selection, "selection", problems),
        baseline: query.baseline === undefined ? undefined : resolveFilters(query.baseline, "baseline", problems),
        dimensions: defined(dims),
        top: query.top ?? 5,
      };
    }
    case "field-keys":
      return { kind: "field-keys", scope, limit: query.limit ?? 100 };
  }
}

function resolveAggregateQuery(
  query: Extract<Query, { kind: "aggregate" }>,
  scope: ResolvedScope,
  problems: ErrorDetail[],
  source: EventSource,
): ResolvedQuery {
  const groupBy = defined((query.groupBy ?? []).map((f, i) => resolveValueField(f, `groupBy[${i}]`, problems, source)));
  const aggregates = defined(query.aggregates.map((a, i) => resolveAggregate(a, `aggregates[${i}]`, problems, source)));
  const bucketSeconds = query.bucket === undefined ? undefined : durationSeconds(query.bucket);
  checkBuckets(scope.range, bucketSeconds, problems);
  if (aggregates.some((a) => a.fn === "rate") && bucketSeconds === undefined) {
    if (scope.range.from === undefined) {
      problems.push({ path: "aggregates", message: "rate needs a time range (from or last) or a bucket" });
    }
  }
  const columns = [...(bucketSeconds === undefined ? [] : ["time"]), ...(query.groupBy ?? [])];
  columns.push(...aggregates.map((a) => a.name));
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      problems.push({
        path: "aggregates",
        message: `two result columns are named ${JSON.stringify(name)}; rename one with "as"`,
      });
    }
    seen.add(name);
  }
  const orderBy = (query.orderBy ?? []).map((order, i) => {
    const column = columns.indexOf(order.by);
    if (column < 0)
      problems.push({ path: `orderBy[${i}].by`, message: `must name a result column: ${columns.join(", ")}` });
    return { column, desc: order.desc ?? false };
  });
  const limit = query.limit ?? 1000;
  return { kind: "aggregate", source, scope, groupBy, aggregates, bucketSeconds, orderBy, limit };
}

function checkBuckets(range: TimeRange, bucketSeconds: number | undefined, problems: ErrorDetail[]): void {
  if (bucketSeconds !== undefined && bucketSeconds > MAX_BUCKET_DAYS * 86_400) {
    problems.push({ path: "bucket", message: `is at most ${MAX_BUCKET_DAYS}d` });
    return;
  }
  if (bucketSeconds === undefined || range.from === undefined || range.to === undefined) return;
  const buckets = (range.to.getTime() - range.from.getTime()) / 1000 / bucketSeconds;
  if (buckets > MAX_BUCKETS) {
    problems.push({
      path: "bucket",
      message: `makes ${Math.ceil(buckets)} buckets; at most ${MAX_BUCKETS} are allowed`,
    });
  }
}

function resolveScope(query: Query, now: Date, problems: ErrorDetail[], source: EventSource): ResolvedScope {
  const range = resolveRange(query, now, problems);
  const filters = resolveFilters(query.where ?? [], "where", problems, source);
  const typed: ResolvedFilter[] = [];
  if (query.environment !== undefined) typed.push(columnEquals("environment", query.environment));
  if (query.release !== undefined) typed.push(columnEquals("release", query.release));
  return { range, filters: [...typed, ...filters] };
}

function columnEquals(column: "environment" | "release", value: string): ResolvedFilter {
  const ref: FieldRef = { kind: "column", path: column, column, type: "string" };
  return { ref, op: "=", values: [value], numeric: false, negate: false };
}

function resolveRange(query: Query, now: Date, problems: ErrorDetail[]): TimeRange {
  if (query.last !== undefined) {
    if (query.from !== undefined) problems.push({ path: "last", message: "give either last or from/to, not both" });
    const from = new Date(now.getTime() - durationSeconds(query.last) * 1000);
    if (!isQueryableTime(from)) problems.push({ path: "last", message: "reaches back before 1900-01-01; shorten it" });
    return { from, to: now };
  }
  const from = parseTime(query.from, "from", problems);
  const to = parseTime(query.to, "to", problems) ?? (from === undefined ? undefined : now);
  if (from !== undefined && to !== undefined && from.getTime() >= to.getTime()) {
    problems.push({ path: "to", message: "must be after from" });
  }
  return { from, to };
}

function parseTime(text: string | undefined, path: string, problems: ErrorDetail[]): Date | undefined {
  if (text === undefined) return undefined;
  const time = new Date(Date.parse(text));
  if (!Number.isNaN(time.getTime()) && /^[+-]?\d{4,6}-\d{2}-\d{2}/.test(text)) {
    if (isQueryableTime(time)) return time;
    problems.push({ path, message: OUTSIDE_WINDOW });
    return undefined;
  }
  problems.push({ path, message: `${JSON.stringify(text)} is not an ISO 8601 timestamp (e.g. 2026-01-01T00:00:00Z)` });
  return undefined;
}

function resolveFilters(
  filters: readonly Filter[],
  path: string,
  problems: ErrorDetail[],
  source: EventSource = "events",
): ResolvedFilter[] {
  return defined(filters.map((filter, i) => resolveFilter(filter, `${path}[${i}]`, problems, source)));
}

function defined<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}

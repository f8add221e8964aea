import { aliasOf, type ValueSource, valueExpr, whereScope } from "./compile-filter.js";
import { coveringFlag } from "./covering-flag.js";
import type { Dialect } from "./dialects/dialect.js";
import { isNumericField } from "./field-ref.js";
import type { ResolvedAggregate, ResolvedAggregateQuery } from "./resolved-query.js";
import { type Fragment, join, param, raw, sql } from "./sql-fragment.js";

/** A compiled statement before rendering, with the names of its result columns in order. */
export interface CompiledQuery {
  fragment: Fragment;
  columns: string[];
}

const QUANTILES: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/**
 * `SELECT [bucket,] groups…, aggregates… FROM events e WHERE scope GROUP BY … ORDER BY … LIMIT n` (or `exposures x`
 * for exposure records), or the same over one flag's rows of `assignments a` when those cover the query (see
 * `coveringFlag`). Result columns are aliased
 * `c0, c1…` in SQL and renamed afterwards, so no user text ever names a column.
 */
export function compileAggregate(query: ResolvedAggregateQuery, dialect: Dialect): CompiledQuery {
  const flag = query.source === "events" ? coveringFlag(query) : undefined;
  const source: ValueSource = flag === undefined ? query.source : "assignments";
  const selects: Fragment[] = [];
  const columns: string[] = [];
  if (query.bucketSeconds !== undefined) {
    selects.push(dialect.timeBucket(raw(`${aliasOf(source)}.ts`), param(query.bucketSeconds, "integer")));
    columns.push("time");
  }
  for (const ref of query.groupBy) {
    selects.push(valueExpr(ref, false, dialect, source));
    columns.push(ref.path);
  }
  const groups = selects.length;
  for (const aggregate of query.aggregates) {
    selects.push(aggregateExpr(aggregate, query, dialect, source));
    columns.push(aggregate.name);
  }
  const select = join(
    selects.map((expr, i) => sql`${expr} AS ${raw(`c${i}`)}`),
    ", ",
  );
  const groupBy = groups === 0 ? raw("") : raw(` GROUP BY ${range(groups).join(", ")}`);
  const where = whereScope(query.scope, source, dialect);
  const from =
    flag === undefined
      ? sql`${raw(`${source} ${aliasOf(source)}`)} WHERE ${where}`
      : sql`assignments a WHERE a.flag = ${param(flag)} AND ${where}`;
  const fragment = sql`SELECT ${select} FROM ${from}${groupBy} ORDER BY ${orderBy(query, groups)} LIMIT ${param(query.limit, "integer")}`;
  return { fragment, columns };
}

function aggregateExpr(
  aggregate: ResolvedAggregate,
  query: ResolvedAggregateQuery,
  dialect: Dialect,
  source: ValueSource,
): Fragment {
  const { fn, field, per } = aggregate;
  const numeric = field !== undefined && isNumericField(field);
  const value = field === undefined ? raw("*") : valueExpr(field, numeric, dialect, source);
  const quantile = QUANTILES[fn];
  if (quantile !== undefined) return dialect.quantile(value, quantile);
  switch (fn) {
    case "count":
      return sql`count(${value})`;
    case "count_distinct":
      return dialect.countDistinct(value);
    case "sum":
    case "avg":
    case "min":
    case "max":
      return sql`${raw(fn)}(${value})`;
    case "ratio":
      return dialect.divide(
        sql`sum(${value})`,
        sql`sum(${per === undefined ? raw("NULL") : valueExpr(per, true, dialect, source)})`,
      );
    default: {
      const seconds = query.bucketSeconds ?? rangeSeconds(query);
      const total = field === undefined ? raw("count(*)") : sql`sum(${value})`;
      return dialect.divide(total, sql`${param(seconds, "number")}`);
    }
  }
}

function rangeSeconds(query: ResolvedAggregateQuery): number {
  const { from, to } = query.scope.range;
  return from === undefined || to === undefined ? 0 : (to.getTime() - from.getTime()) / 1000;
}

// Default order: time first for a series, else the first aggregate, largest first.
function orderBy(query: ResolvedAggregateQuery, groups: number): Fragment {
  const keys = query.orderBy.map((order) => `${order.column + 1}${order.desc ? " DESC" : ""}`);
  if (keys.length === 0) keys.push(query.bucketSeconds === undefined ? `${groups + 1} DESC` : "1");
  for (const column of range(groups))
    if (!keys.some((key) => key.split(" ")[0] === String(column))) keys.push(`${column}`);
  return raw(keys.join(", "));
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

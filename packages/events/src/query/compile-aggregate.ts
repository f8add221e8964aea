import { aliasOf, type ValueSource, valueExpr, whereScope } from "./compile-filter.js";
import { coveringFlag } from "./covering-flag.js";
import type { Dialect } from "./dialects/dialect.js";
import { isNumericField } from "./field-ref.js";
import type { AggregateFn } from "./query-schema.js";
import type { ResolvedAggregate, ResolvedAggregateQuery } from "./resolved-query.js";
import { type Fragment, join, param, raw, sql } from "./sql-fragment.js";
import { weightedAggregate, weightedQuantile } from "./weighted-aggregates.js";

/** A compiled statement before rendering, with the names of its result columns in order. */
export interface CompiledQuery {
  fragment: Fragment;
  columns: string[];
  /**
   * Set when the statement assumed unsampled events (`CompileOptions.assumeUnsampled`): each row then ends with one
   * more value, not named in `columns`, the largest `sample_rate` over every group of the answer. Above 1, the
   * assumption was wrong and the aggregates must be computed again with weights.
   */
  unsampledGuard?: true;
}

/** How to compile an aggregate query. */
export interface CompileOptions {
  /**
   * Aggregate events as if each stood for itself alone (`sample_rate` 1): plain counts, sums and means, and the
   * engine's exact percentile (R-7), the same values as the weighted ones when every weight is 1, without the
   * weighted percentile's window pass or per-value weight map (3–4× the cost at 10M events) nor the products by the
   * weight. The statement then reports the largest weight it saw (`CompiledQuery.unsampledGuard`) so that the caller
   * can tell whether the answer holds.
   */
  assumeUnsampled?: boolean;
}

const QUANTILES: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/**
 * `SELECT [bucket,] groups…, aggregates… FROM events e WHERE scope GROUP BY … ORDER BY … LIMIT n` (or `exposures x`
 * for exposure records), or the same over one flag's rows of `assignments a` when those cover the query (see
 * `coveringFlag`). Result columns are aliased
 * `c0, c1…` in SQL and renamed afterwards, so no user text ever names a column.
 *
 * Every aggregate over events weights each row by its `sample_rate` (the number of events it stands for, see
 * `weighted-aggregates.ts`); exposures are never sampled and aggregate as they are. A weighted percentile needs each
 * row's cumulative weight in value order, so a query with one reads its rows in a window pass first (`withWindows`),
 * unless the dialect computes it within the aggregation (ClickHouse: `Dialect.weightedQuantile`). With
 * `assumeUnsampled`, events aggregate unweighted and the statement reports whether that held.
 */
export function compileAggregate(
  query: ResolvedAggregateQuery,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledQuery {
  const flag = query.source === "events" ? coveringFlag(query) : undefined;
  const source: ValueSource = flag === undefined ? query.source : "assignments";
  const rowWeight = source === "exposures" ? undefined : raw(`${aliasOf(source)}.sample_rate`);
  const hasQuantile = query.aggregates.some((aggregate) => isQuantile(aggregate.fn));
  const guarded = options.assumeUnsampled === true && rowWeight !== undefined;
  const keys: Fragment[] = [];
  const columns: string[] = [];
  if (query.bucketSeconds !== undefined) {
    keys.push(dialect.timeBucket(raw(`${aliasOf(source)}.ts`), param(query.bucketSeconds, "integer")));
    columns.push("time");
  }
  for (const ref of query.groupBy) {
    keys.push(valueExpr(ref, false, dialect, source));
    columns.push(ref.path);
  }
  const values = query.aggregates.map((aggregate) => aggregateValues(aggregate, dialect, source));
  for (const aggregate of query.aggregates) columns.push(aggregate.name);
  const where = whereScope(query.scope, source, dialect);
  const from =
    flag === undefined
      ? sql`${raw(`${source} ${aliasOf(source)}`)} WHERE ${where}`
      : sql`assignments a WHERE a.flag = ${param(flag)} AND ${where}`;
  const windowed = rowWeight !== undefined && !guarded && dialect.weightedQuantile === undefined && hasQuantile;
  const body = windowed
    ? withWindows(query, dialect, keys, values, rowWeight, from)
    : {
        keys,
        from,
        aggregates: query.aggregates.map((aggregate, j) =>
          aggregateExpr(
            aggregate,
            query,
            dialect,
            values[j] as AggregateValues,
            guarded ? undefined : rowWeight,
            `q${j}`,
            guarded,
          ),
        ),
      };
  // The largest weight over the whole answer, not the row's own group: a sampled group outside the returned rows
  // could still have changed which rows an order by an aggregate returns.
  const guard = guarded ? [sql`max(max(${rowWeight})) OVER ()`] : [];
  const selects = [...body.keys, ...body.aggregates, ...guard];
  const select = join(
    selects.map((expr, i) => sql`${expr} AS ${raw(`c${i}`)}`),
    ", ",
  );
  const groups = keys.length;
  const groupBy = groups === 0 ? raw("") : raw(` GROUP BY ${range(groups).join(", ")}`);
  const fragment = sql`SELECT ${select} FROM ${body.from}${groupBy} ORDER BY ${orderBy(query, groups)} LIMIT ${param(query.limit, "integer")}`;
  return guarded ? { fragment, columns, unsampledGuard: true } : { fragment, columns };
}

/** The value an aggregate reads per row (`*` for a plain count) and, for a ratio, its denominator. */
interface AggregateValues {
  value: Fragment | undefined;
  per: Fragment | undefined;
}

function aggregateValues(aggregate: ResolvedAggregate, dialect: Dialect, source: ValueSource): AggregateValues {
  const { field, per } = aggregate;
  return {
    value: field === undefined ? undefined : valueExpr(field, isNumericField(field), dialect, source),
    per: per === undefined ? undefined : valueExpr(per, true, dialect, source),
  };
}

function isQuantile(fn: AggregateFn): boolean {
  return QUANTILES[fn] !== undefined;
}

/**
 * The two-level form of a query with weighted percentiles: the scoped rows with their group keys (`k0…`), each
 * aggregate's values (`f0…`, `p0…`) and weight (`w`); over them, per percentile, each row's cumulative weight in
 * value order within its group (`cw0…`) and the rank it must pass (`r0…`, see `weightedQuantile`); the outer
 * query then groups by the keys as the one-level form does.
 */
function withWindows(
  query: ResolvedAggregateQuery,
  dialect: Dialect,
  keys: readonly Fragment[],
  values: readonly AggregateValues[],
  weight: Fragment,
  from: Fragment,
): { keys: Fragment[]; from: Fragment; aggregates: Fragment[] } {
  const inner: Fragment[] = keys.map((key, i) => sql`${key} AS ${raw(`k${i}`)}`);
  values.forEach(({ value, per }, j) => {
    if (value !== undefined) inner.push(sql`${value} AS ${raw(`f${j}`)}`);
    if (per !== undefined) inner.push(sql`${per} AS ${raw(`p${j}`)}`);
  });
  inner.push(sql`${weight} AS w`);
  const partition = keys.length === 0 ? "" : `PARTITION BY ${keys.map((_, i) => `k${i}`).join(", ")} `;
  const windows: Fragment[] = [raw("b.*")];
  query.aggregates.forEach((aggregate, j) => {
    const q = QUANTILES[aggregate.fn];
    if (q === undefined) return;
    const f = `b.f${j}`;
    const present = `CASE WHEN ${f} IS NOT NULL THEN b.w END`;
    const total = `sum(${present}) OVER (${partition.trimEnd()})`;
    windows.push(
      raw(
        `CASE WHEN ${f} IS NOT NULL THEN sum(b.w) OVER (${partition}ORDER BY ${f} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS cw${j}`,
      ),
      raw(`${q} * (${total} - 1) AS h${j}`),
    );
  });
  const windowed = sql`SELECT ${windows} FROM (SELECT ${inner} FROM ${from}) b`;
  const column = (name: string) => raw(`r.${name}`);
  const aggregates = query.aggregates.map((aggregate, j) => {
    const q = QUANTILES[aggregate.fn];
    if (q !== undefined) return weightedQuantile(column(`f${j}`), column(`cw${j}`), column(`h${j}`));
    const own = values[j] as AggregateValues;
    const inWindow: AggregateValues = {
      value: own.value === undefined ? undefined : column(`f${j}`),
      per: own.per === undefined ? undefined : column(`p${j}`),
    };
    return aggregateExpr(aggregate, query, dialect, inWindow, column("w"));
  });
  return { keys: keys.map((_, i) => column(`k${i}`)), from: sql`(${windowed}) r`, aggregates };
}

function aggregateExpr(
  aggregate: ResolvedAggregate,
  query: ResolvedAggregateQuery,
  dialect: Dialect,
  { value, per }: AggregateValues,
  weight: Fragment | undefined,
  alias = "q",
  assumeUnsampled = false,
): Fragment {
  const { fn } = aggregate;
  const quantile = QUANTILES[fn];
  if (quantile !== undefined && assumeUnsampled) return dialect.exactQuantile(value ?? raw("NULL"), quantile);
  if (quantile !== undefined && weight !== undefined && dialect.weightedQuantile !== undefined) {
    return dialect.weightedQuantile(value ?? raw("NULL"), weight, quantile, alias);
  }
  if (quantile !== undefined) return dialect.quantile(value ?? raw("NULL"), quantile);
  if (weight !== undefined) return weightedAggregate(fn, value, per, weight, dialect, periodSeconds(query));
  const counted = value ?? raw("*");
  switch (fn) {
    case "count":
      return sql`count(${counted})`;
    case "count_distinct":
      return dialect.countDistinct(counted);
    case "sum":
    case "avg":
    case "min":
    case "max":
      return sql`${raw(fn)}(${counted})`;
    case "ratio":
      return dialect.divide(sql`sum(${counted})`, sql`sum(${per ?? raw("NULL")})`);
    default: {
      const total = value === undefined ? raw("count(*)") : sql`sum(${value})`;
      return dialect.divide(total, sql`${param(periodSeconds(query), "number")}`);
    }
  }
}

// The seconds a rate divides by: the bucket of a series, else the whole range.
function periodSeconds(query: ResolvedAggregateQuery): number {
  return query.bucketSeconds ?? rangeSeconds(query);
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

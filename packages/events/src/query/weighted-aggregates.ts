import type { Dialect } from "./dialects/dialect.js";
import type { AggregateFn } from "./query-schema.js";
import { type Fragment, param, raw, sql } from "./sql-fragment.js";

/**
 * Aggregates over sampled events. An event with `sample_rate` N stands for N events (the SDK kept 1 in N of its
 * kind, `docs/sampling.md`), so each row counts N times: a count is the sum of the weights, a sum the sum of value ×
 * weight, a mean their quotient, a rate the weighted count or sum per second. These are the Horvitz–Thompson
 * estimators: unbiased whatever mix of rates the rows carry, and equal to the plain aggregates when every weight
 * is 1. A distinct count, a minimum and a maximum cannot be scaled from a sample and are answered as they are.
 */
export function weightedAggregate(
  fn: AggregateFn,
  value: Fragment | undefined,
  per: Fragment | undefined,
  weight: Fragment,
  dialect: Dialect,
  periodSeconds: number,
): Fragment {
  const present = (expr: Fragment) => sql`CASE WHEN ${expr} IS NOT NULL THEN ${weight} END`;
  const count = value === undefined ? sql`coalesce(sum(${weight}), 0)` : sql`coalesce(sum(${present(value)}), 0)`;
  switch (fn) {
    case "count":
      return count;
    case "count_distinct":
      return dialect.countDistinct(value ?? raw("*"));
    case "min":
    case "max":
      return sql`${raw(fn)}(${value ?? raw("NULL")})`;
    case "sum":
      return sql`sum(${value ?? raw("NULL")} * ${weight})`;
    case "avg":
      return dialect.divide(sql`sum(${value ?? raw("NULL")} * ${weight})`, sql`sum(${present(value ?? raw("NULL"))})`);
    case "ratio":
      return dialect.divide(sql`sum(${value ?? raw("NULL")} * ${weight})`, sql`sum(${per ?? raw("NULL")} * ${weight})`);
    case "rate": {
      const total = value === undefined ? sql`coalesce(sum(${weight}), 0)` : sql`sum(${value} * ${weight})`;
      return dialect.divide(total, sql`${param(periodSeconds, "number")}`);
    }
    default:
      throw new Error(`${fn} is a percentile: see weightedQuantile`);
  }
}

/**
 * The weighted percentile of a group, from each row's value `f`, its cumulative weight `cw` in value order within
 * the group (NULL where `f` is NULL) and `h = q × (total weight − 1)`: the percentile of the population the sample
 * stands for, as if each row were repeated `sample_rate` times, interpolated between the closest ranks like DuckDB's
 * `quantile_cont`. The value at rank r (0-based) of that population is the first row whose cumulative weight
 * passes r; with every weight 1 this is exactly `quantile_cont`.
 */
export function weightedQuantile(f: Fragment, cw: Fragment, h: Fragment): Fragment {
  const at = (offset: string) => sql`min(CASE WHEN ${cw} > floor(${h})${raw(offset)} THEN ${f} END)`;
  const low = at("");
  const high = at(" + 1");
  return sql`${low} + max(${h} - floor(${h})) * (coalesce(${high}, ${low}) - ${low})`;
}

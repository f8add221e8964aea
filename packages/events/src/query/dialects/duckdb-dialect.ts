import { type ParamType, param, raw, sql } from "../sql-fragment.js";
import type { Dialect } from "./dialect.js";

const CASTS: Readonly<Record<ParamType, string>> = {
  string: "?",
  number: "CAST(? AS DOUBLE)",
  integer: "CAST(? AS BIGINT)",
  time: "CAST(? AS TIMESTAMP)",
  boolean: "CAST(? AS BOOLEAN)",
};

/**
 * DuckDB: `?` placeholders, 1-based lists whose out-of-range index is NULL, RE2 regular expressions. Times are
 * TIMESTAMP in UTC (every time parameter is ISO text in UTC), and buckets are plain integer arithmetic on
 * microseconds since the epoch, aligned to the epoch like ClickHouse's `toStartOfInterval`.
 */
export const duckDbDialect: Dialect = {
  name: "duckdb",
  placeholder: (_index, type) => CASTS[type],
  listLookup: (values, keys, key) => sql`${raw(values)}[list_position(${raw(keys)}, ${key})]`,
  listContains: (list, value) => sql`list_contains(${raw(list)}, ${value})`,
  quantile: (expr, q) => sql`quantile_cont(${expr}, ${raw(String(q))})`,
  countDistinct: (expr) => sql`count(DISTINCT ${expr})`,
  countIf: (condition) => sql`count(*) FILTER (WHERE ${condition})`,
  regexMatch: (text, pattern) => sql`regexp_matches(${text}, ${pattern})`,
  contains: (text, needle) => sql`contains(${text}, ${needle})`,
  // The remainder is made non-negative so that times before 1970 fall in the bucket that holds them (`//` truncates).
  timeBucket: (ts, seconds) => {
    const micros = param(Number(seconds.value) * 1_000_000, "integer");
    return sql`make_timestamp(epoch_us(${ts}) - (epoch_us(${ts}) % ${micros} + ${micros}) % ${micros})`;
  },
  groupingMask: (columns) => raw(`GROUPING_ID(${columns.join(", ")})`),
  materializedCte: (name, body) => sql`${raw(name)} AS MATERIALIZED (${body})`,
  unnestList: (list) => raw(`unnest(${list})`),
  toText: (expr) => sql`CAST(${expr} AS VARCHAR)`,
  divide: (numerator, denominator) => sql`CAST(${numerator} AS DOUBLE) / NULLIF(${denominator}, 0)`,
  toFloat: (expr) => sql`CAST(${expr} AS DOUBLE)`,
  microsBetween: (from, to) => sql`(epoch_us(${to}) - epoch_us(${from}))`,
  exactQuantile: (expr, q) => sql`quantile_cont(${expr}, ${raw(String(q))})`,
  exactQuantiles: (expr, levels) => sql`quantile_cont(${expr}, [${raw(levels.map(String).join(", "))}])`,
  nullJoinSettings: raw(""),
  anyValue: (expr) => sql`any_value(${expr})`,
};

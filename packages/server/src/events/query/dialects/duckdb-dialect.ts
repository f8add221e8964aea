import { type ParamType, raw, sql } from "../sql-fragment.js";
import type { Dialect } from "./dialect.js";

const CASTS: Readonly<Record<ParamType, string>> = {
  string: "?",
  number: "CAST(? AS DOUBLE)",
  integer: "CAST(? AS BIGINT)",
  time: "CAST(? AS TIMESTAMPTZ)",
};

/** DuckDB: `?` placeholders, 1-based lists whose out-of-range index is NULL, RE2 regular expressions. */
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
  timeBucket: (ts, seconds) => sql`time_bucket(to_seconds(${seconds}), ${ts})`,
  toText: (expr) => sql`CAST(${expr} AS VARCHAR)`,
  divide: (numerator, denominator) => sql`CAST(${numerator} AS DOUBLE) / NULLIF(${denominator}, 0)`,
};

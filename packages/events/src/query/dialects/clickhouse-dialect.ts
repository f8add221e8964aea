import { type ParamType, raw, sql } from "../sql-fragment.js";
import type { Dialect } from "./dialect.js";

const TYPES: Readonly<Record<ParamType, string>> = {
  string: "String",
  number: "Float64",
  integer: "Int64",
  time: "DateTime64(6, 'UTC')",
  boolean: "Bool",
};

/**
 * ClickHouse: typed `{pN:Type}` placeholders; `arr[0]` is a default value rather than NULL, so lookups test
 * membership first; `match` is RE2 like DuckDB's.
 */
export const clickHouseDialect: Dialect = {
  name: "clickhouse",
  placeholder: (index, type) => `{p${index}:${TYPES[type]}}`,
  listLookup: (values, keys, key) =>
    sql`if(has(${raw(keys)}, ${key}), ${raw(values)}[indexOf(${raw(keys)}, ${key})], NULL)`,
  listContains: (list, value) => sql`has(${raw(list)}, ${value})`,
  quantile: (expr, q) => sql`quantile(${raw(String(q))})(${expr})`,
  countDistinct: (expr) => sql`uniqExact(${expr})`,
  countIf: (condition) => sql`countIf(${condition})`,
  regexMatch: (text, pattern) => sql`match(${text}, ${pattern})`,
  contains: (text, needle) => sql`position(${text}, ${needle}) > 0`,
  timeBucket: (ts, seconds) => sql`toStartOfInterval(${ts}, toIntervalSecond(${seconds}))`,
  // The SQL standard's convention (bit set = aggregated away), ClickHouse's default since
  // `force_grouping_standard_compatibility` (22.9); the store pins that setting on every read.
  groupingMask: (columns) => raw(`grouping(${columns.join(", ")})`),
  materializedCte: (name, body) => sql`${raw(name)} AS (${body})`,
  unnestList: (list) => raw(`arrayJoin(${list})`),
  toText: (expr) => sql`toString(${expr})`,
  divide: (numerator, denominator) => sql`toFloat64(${numerator}) / nullIf(${denominator}, 0)`,
  toFloat: (expr) => sql`toFloat64(${expr})`,
  microsBetween: (from, to) => sql`(toUnixTimestamp64Micro(${to}) - toUnixTimestamp64Micro(${from}))`,
  // Inclusive: R-7 interpolation, the same as DuckDB's quantile_cont (plain `quantile` samples).
  exactQuantile: (expr, q) => sql`quantileExactInclusive(${raw(String(q))})(${expr})`,
  exactQuantiles: (expr, levels) => sql`quantilesExactInclusive(${raw(levels.map(String).join(", "))})(${expr})`,
  nullJoinSettings: raw(" SETTINGS join_use_nulls = 1"),
  anyValue: (expr) => sql`any(${expr})`,
};

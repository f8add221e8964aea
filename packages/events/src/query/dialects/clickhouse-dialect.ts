import { type Fragment, type ParamType, raw, sql } from "../sql-fragment.js";
import type { Dialect } from "./dialect.js";

const TYPES: Readonly<Record<ParamType, string>> = {
  string: "String",
  number: "Float64",
  integer: "Int64",
  time: "DateTime64(6, 'UTC')",
  boolean: "Bool",
};

/** ClickHouse's own functions for the usual bucket widths, by seconds. */
const NAMED_BUCKETS: Readonly<Record<number, string>> = {
  60: "toStartOfMinute",
  300: "toStartOfFiveMinutes",
  900: "toStartOfFifteenMinutes",
  3600: "toStartOfHour",
  86400: "toStartOfDay",
};

/**
 * The weighted quantile in the aggregation itself: `sumMap` adds up the weight of each distinct value of the group
 * (sorted by value), and the first values whose cumulative weight passes floor(h) and floor(h) + 1, h = q × (total −
 * 1), are the same ranks the window form finds (`weightedQuantile`: rows of equal value merged change no rank),
 * without sorting every row of the scan with all its columns (at 10M events: the window form 24× the hand-written
 * sampled `quantile`, this one 4×, docs/scale-out.md § Sizing). The threshold reaches the lambdas as an array of
 * equal elements: an expression of the group's arrays inside a lambda would be computed again for each element.
 */
function clickHouseWeightedQuantile(value: Fragment, weight: Fragment, q: number, alias: string): Fragment {
  const [m, c, h, lo, i] = [`${alias}m`, `${alias}c`, `${alias}h`, `${alias}lo`, `${alias}i`];
  // floor(h) + offset repeated as long as the group's list, compared element by element.
  const thresholds = (floorH: string, offset: string) =>
    `arrayResize([${floorH}${offset}], length(${c}), floor(${h})${offset})`;
  const weights = sql`sumMapIf([assumeNotNull(${value})], [toFloat64(${weight})], ${value} IS NOT NULL) AS ${raw(m)}`;
  const low = `${m}.1[arrayFirstIndex((cw, t) -> cw > t, arrayCumSum(${m}.2) AS ${c}, ${thresholds(`floor(${q} * (${c}[-1] - 1) AS ${h})`, "")})]`;
  const high = `arrayFirstIndex((cw, t) -> cw > t, ${c}, ${thresholds(`floor(${h})`, " + 1")})`;
  return sql`if(empty((${weights}).1), NULL, ${raw(`(${low} AS ${lo}) + (${h} - floor(${h})) * (if((${high} AS ${i}) = 0, ${lo}, ${m}.1[${i}]) - ${lo})`)})`;
}

/**
 * ClickHouse: typed `{pN:Type}` placeholders; `arr[0]` is a default value rather than NULL, so lookups test
 * the position first; `match` is RE2 like DuckDB's.
 */
export const clickHouseDialect: Dialect = {
  name: "clickhouse",
  placeholder: (index, type) => `{p${index}:${TYPES[type]}}`,
  // One search of the keys, not two: the engine computes the identical indexOf() expressions once (a has() test
  // beside it was a second scan of the list, which made BubbleUp over 7 fields about 1.5x slower).
  listLookup: (values, keys, key) =>
    sql`if(indexOf(${raw(keys)}, ${key}) > 0, ${raw(values)}[indexOf(${raw(keys)}, ${key})], NULL)`,
  listContains: (list, value) => sql`has(${raw(list)}, ${value})`,
  quantile: (expr, q) => sql`quantile(${raw(String(q))})(${expr})`,
  weightedQuantile: clickHouseWeightedQuantile,
  countDistinct: (expr) => sql`uniqExact(${expr})`,
  countIf: (condition) => sql`countIf(${condition})`,
  regexMatch: (text, pattern) => sql`match(${text}, ${pattern})`,
  contains: (text, needle) => sql`position(${text}, ${needle}) > 0`,
  // Buckets are whole seconds: on a second-resolution DateTime the bucketing is cheaper than on the stored DateTime64,
  // and the common widths have their own functions, faster than the general toStartOfInterval (a fixed name chosen by
  // the width; the width itself is still a parameter otherwise).
  timeBucket: (ts, seconds) => {
    const named = NAMED_BUCKETS[Number(seconds.value)];
    if (named !== undefined) return sql`${raw(named)}(toDateTime(${ts}, 'UTC'))`;
    return sql`toStartOfInterval(toDateTime(${ts}, 'UTC'), toIntervalSecond(${seconds}))`;
  },
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

import type { Fragment, Param, ParamType } from "../sql-fragment.js";

/**
 * What differs between the SQL engines of the event store. The compilers build one statement shape from these
 * pieces, so a new engine is a new implementation of this interface, not a new compiler.
 */
export interface Dialect {
  readonly name: "duckdb" | "clickhouse";
  /** The placeholder of the parameter at `index` (0-based, in text order). */
  placeholder(index: number, type: ParamType): string;
  /** `values[i]` where `keys[i] = key`, NULL when the key is absent (parallel-list columns). */
  listLookup(values: string, keys: string, key: Param): Fragment;
  /** Whether the list column holds the value. */
  listContains(list: string, value: Param): Fragment;
  /** The q-quantile (0 < q < 1) of a numeric expression. */
  quantile(expr: Fragment, q: number): Fragment;
  /**
   * The weighted q-quantile of a group as one aggregate expression, when the engine has one: each row counts `weight`
   * times, interpolated as `weightedQuantile` (weighted-aggregates.ts) defines it, NULL without values. `alias`
   * names the expression's intermediate results uniquely within the statement. Absent: the compiler computes it
   * from cumulative weights in a window pass over the rows instead.
   */
  weightedQuantile?(value: Fragment, weight: Fragment, q: number, alias: string): Fragment;
  /** Number of distinct non-NULL values. */
  countDistinct(expr: Fragment): Fragment;
  /** Rows where `condition` holds (a filtered count). */
  countIf(condition: Fragment): Fragment;
  /** Whether text matches a regular expression anywhere. */
  regexMatch(text: Fragment, pattern: Param): Fragment;
  /** Whether text contains a substring. */
  contains(text: Fragment, needle: Param): Fragment;
  /** The start of the `seconds`-wide bucket that holds the timestamp. */
  timeBucket(ts: Fragment, seconds: Param): Fragment;
  /**
   * `name AS (body)` for a WITH clause, computed once however often it is referenced (DuckDB would otherwise inline
   * it into each reference, and rewrites a window over it into a self-join that scans the events twice).
   */
  materializedCte(name: string, body: Fragment): Fragment;
  /** One row per element of a list column (the other selected columns repeat on each). */
  unnestList(list: string): Fragment;
  /** Text of any value (to group heterogeneous dimensions in one column). */
  toText(expr: Fragment): Fragment;
  /**
   * Inside `GROUP BY GROUPING SETS`: a bit mask over `columns` whose bit is 1 where the column is aggregated away in
   * the row's grouping set (the first column is the most significant bit).
   */
  groupingMask(columns: readonly string[]): Fragment;
  /** A floating-point division that yields NULL (not an error) for a zero or NULL divisor. */
  divide(numerator: Fragment, denominator: Fragment): Fragment;
  /** The value as a 64-bit float (sums of integer counts, so every statistic comes back as one type). */
  toFloat(expr: Fragment): Fragment;
  /** Microseconds from `from` to `to` (negative when `to` is earlier), as an integer. */
  microsBetween(from: Fragment, to: Fragment): Fragment;
  /** The exact q-quantile (0 < q < 1), interpolated linearly between the closest ranks (R-7, as in spreadsheets). */
  exactQuantile(expr: Fragment, q: number): Fragment;
  /** The exact quantiles at every level, as one list, interpolated like `exactQuantile`. */
  exactQuantiles(expr: Fragment, levels: readonly number[]): Fragment;
  /**
   * Appended to statements whose outer joins must yield NULL for a missing row (ClickHouse fills in default values
   * unless told otherwise).
   */
  readonly nullJoinSettings: Fragment;
  /** Any one value of the group (for a value that is the same on every row of it). */
  anyValue(expr: Fragment): Fragment;
}

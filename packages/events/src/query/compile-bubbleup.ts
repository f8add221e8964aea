import type { CompiledQuery } from "./compile-aggregate.js";
import { filterExpr, valueExpr, whereScope } from "./compile-filter.js";
import type { Dialect } from "./dialects/dialect.js";
import type { ResolvedBubbleUpQuery } from "./resolved-query.js";
import { and, type Fragment, join, param, raw, sql } from "./sql-fragment.js";

/**
 * BubbleUp: every scoped event is marked selection/baseline and counted per value of every dimension in one pass
 * (`GROUPING SETS`, one set per dimension: no materialised copy of the marked events), and each dimension is scored
 * by the total variation distance between its value shares in the selection and in the baseline (0 = same
 * distribution, 1 = disjoint). Each event counts as many events as its `sample_rate` says, so the shares are those of
 * the traffic the sample stands for. The `top` values that differ most are kept. The `dimension` column holds the index of the dimension; the caller names it.
 */
export function compileBubbleUp(query: ResolvedBubbleUpQuery, dialect: Dialect): CompiledQuery {
  const selection = and(query.selection.map((filter) => filterExpr(filter, "events", dialect)));
  const baseline =
    query.baseline === undefined
      ? sql`NOT coalesce(${selection}, FALSE)`
      : and(query.baseline.map((filter) => filterExpr(filter, "events", dialect)));
  const dims = query.dimensions.map((ref) => dialect.toText(valueExpr(ref, false, dialect)));
  const dimSelects = dims.map((expr, i) => sql`${expr} AS ${raw(`d${i}`)}`);
  const marked = sql`SELECT ${selection} AS in_sel, ${baseline} AS in_base, e.sample_rate AS w, ${dimSelects} FROM events e WHERE ${whereScope(query.scope, "events", dialect)}`;
  const names = query.dimensions.map((_, i) => `d${i}`);
  // Grouping set i aggregates every column but d_i away, so its mask has all bits set but d_i's.
  const full = 2 ** names.length - 1;
  const whenDim = (then: (i: number) => string) =>
    raw(names.map((_, i) => `WHEN ${full - 2 ** (names.length - 1 - i)} THEN ${then(i)}`).join(" "));
  const grouped = sql`SELECT ${dialect.groupingMask(names)} AS g, ${raw(names.join(", "))}, ${weightIf("in_sel")} AS sel, ${weightIf("in_base")} AS base FROM (${marked}) marked WHERE in_sel OR in_base GROUP BY GROUPING SETS (${raw(names.map((name) => `(${name})`).join(", "))})`;
  const counts = sql`SELECT CASE g ${whenDim((i) => String(i))} END AS dim, CASE g ${whenDim((i) => names[i] ?? "NULL")} END AS value, sel, base FROM grouped`;
  const shares = sql`SELECT dim, value, coalesce(${dialect.divide(raw("sel"), raw("sum(sel) OVER (PARTITION BY dim)"))}, 0) AS ps, coalesce(${dialect.divide(raw("base"), raw("sum(base) OVER (PARTITION BY dim)"))}, 0) AS pb FROM (${counts}) counts`;
  const scored = sql`SELECT dim, value, ps, pb, 0.5 * sum(abs(ps - pb)) OVER (PARTITION BY dim) AS score, row_number() OVER (PARTITION BY dim ORDER BY abs(ps - pb) DESC, value) AS rank FROM (${shares}) shares`;
  const columns = ["dimension", "score", "value", "selectionShare", "baselineShare"];
  const select = join(
    ["dim", "score", "value", "ps", "pb"].map((column, i) => raw(`${column} AS c${i}`)),
    ", ",
  );
  // The one pass over the events is materialised: the share windows below must not make the engine scan twice.
  const fragment = sql`WITH ${dialect.materializedCte("grouped", grouped)} SELECT ${select} FROM (${scored}) scored WHERE rank <= ${param(query.top, "integer")} ORDER BY score DESC, dim, rank`;
  return { fragment, columns };
}

// The events a side holds, each weighted by how many it stands for (its sample rate).
function weightIf(side: "in_sel" | "in_base"): Fragment {
  return raw(`sum(CASE WHEN ${side} THEN w ELSE 0 END)`);
}

import type { CompiledQuery } from "./compile-aggregate.js";
import { filterExpr, variationCondition, whereScope } from "./compile-filter.js";
import { isCarried } from "./covering-flag.js";
import type { Dialect } from "./dialects/dialect.js";
import type { ResolvedFilter } from "./resolve-filter.js";
import type { ResolvedMessagesDiffQuery, ResolvedNewMessagesQuery } from "./resolved-query.js";
import { and, type Fragment, param, raw, sql } from "./sql-fragment.js";

const COLUMNS = ["message", "count", "firstSeen", "lastSeen"];

/**
 * Messages said in the selection and never in the baseline: one pass over the scoped messages, each row marked as
 * selection and/or baseline, keeping the texts that no baseline row has.
 */
export function compileMessagesDiff(query: ResolvedMessagesDiffQuery, dialect: Dialect): CompiledQuery {
  const marked = markedByOneFlag(query, dialect) ?? markedBySemiJoins(query, dialect);
  const fragment = sql`SELECT text AS c0, count(*) AS c1, min(ts) AS c2, max(ts) AS c3 FROM (${marked}) marked WHERE in_sel OR in_base GROUP BY text HAVING ${dialect.countIf(raw("in_base"))} = 0 ORDER BY 2 DESC, 1 LIMIT ${param(query.limit, "integer")}`;
  return { fragment, columns: COLUMNS };
}

/**
 * Messages first said at or after the moment the release was first seen (inside the scope), i.e. never before it.
 */
export function compileNewMessages(query: ResolvedNewMessagesQuery, dialect: Dialect): CompiledQuery {
  const firstSeen = sql`SELECT min(e.ts) AS t FROM events e WHERE ${whereScope(query.scope, "events", dialect)} AND e.release = ${param(query.sinceRelease)}`;
  const fragment = sql`SELECT m.text AS c0, count(*) AS c1, min(m.ts) AS c2, max(m.ts) AS c3 FROM event_messages m CROSS JOIN (${firstSeen}) since WHERE ${whereScope(query.scope, "messages", dialect)} GROUP BY m.text HAVING min(m.ts) >= min(since.t) ORDER BY 2 DESC, 1 LIMIT ${param(query.limit, "integer")}`;
  return { fragment, columns: COLUMNS };
}

function markedBySemiJoins(query: ResolvedMessagesDiffQuery, dialect: Dialect): Fragment {
  const selection = matches(query.selection, dialect);
  const baseline = matches(query.baseline, dialect);
  return sql`SELECT m.text, m.ts, ${selection} AS in_sel, ${baseline} AS in_base FROM event_messages m WHERE ${whereScope(query.scope, "messages", dialect)}`;
}

/**
 * "B vs A of one flag", the common case: the assignments table carries each event's message texts, so one flag's
 * contiguous rows answer it without touching `event_messages` — provided the scope only reads what that table carries.
 */
function markedByOneFlag(query: ResolvedMessagesDiffQuery, dialect: Dialect): Fragment | undefined {
  const filters = [...query.selection, ...query.baseline];
  const first = filters[0]?.ref;
  if (first?.kind !== "assignment") return undefined;
  const flag = first.flag;
  const sameFlag = filters.every((f) => f.ref.kind === "assignment" && f.ref.flag === flag && !f.negate);
  if (!sameFlag || query.selection.length === 0 || query.baseline.length === 0) return undefined;
  const carried = query.scope.filters.every(
    ({ ref }) => isCarried(ref) && (ref.kind !== "assignment" || ref.flag === flag),
  );
  if (!carried) return undefined;
  const on = (side: readonly ResolvedFilter[]) =>
    and(side.map((filter) => variationCondition(filter, raw("a.variation"), dialect)));
  const selection = on(query.selection);
  const baseline = on(query.baseline);
  // Repeating the sides in the WHERE clause lets the engine skip other variations' rows before unnesting.
  return sql`SELECT ${dialect.unnestList("a.message_texts")} AS text, a.ts, ${selection} AS in_sel, ${baseline} AS in_base FROM assignments a WHERE a.flag = ${param(flag)} AND ((${selection}) OR (${baseline})) AND ${whereScope(query.scope, "assignments", dialect)}`;
}

function matches(filters: readonly ResolvedFilter[], dialect: Dialect): Fragment {
  return and(filters.map((filter) => filterExpr(filter, "messages", dialect)));
}

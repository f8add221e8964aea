import type { CompiledQuery } from "./compile-aggregate.js";
import { scopeConditions, valueExpr } from "./compile-filter.js";
import type { Dialect } from "./dialects/dialect.js";
import { isNumericField } from "./field-ref.js";
import type { ResolvedEventsQuery } from "./resolved-query.js";
import { and, type Fragment, join, param, raw, sql } from "./sql-fragment.js";

/** The columns every drill-down row has, as (result name, SQL). */
export const EVENT_COLUMNS: readonly (readonly [string, string])[] = [
  ["id", "e.id"],
  ["ts", "e.ts"],
  ["name", "e.name"],
  ["unit", "e.unit"],
  ["environment", "e.environment"],
  ["release", "e.release"],
  ["durationMs", "e.duration_ms"],
  ["status", "e.status"],
  ["messageCount", "e.message_count"],
  ["flags", "e.flags"],
  ["variations", "e.variations"],
];

/**
 * One page of raw events, newest first, ordered by (ts, id) so that pages never overlap or skip. One row more than
 * the page is read to know whether a next page exists; the last column is the exact timestamp text for the cursor.
 */
export function compileEvents(query: ResolvedEventsQuery, dialect: Dialect): CompiledQuery {
  const selects: Fragment[] = EVENT_COLUMNS.map(([, column]) => raw(column));
  const columns = EVENT_COLUMNS.map(([name]) => name);
  for (const ref of query.fields) {
    selects.push(valueExpr(ref, isNumericField(ref) && ref.kind !== "attribute", dialect));
    columns.push(ref.path);
  }
  selects.push(dialect.toText(raw("e.ts")));
  columns.push("cursor_ts");
  const conditions = scopeConditions(query.scope, "events", dialect);
  if (query.cursor !== undefined) {
    const at = param(query.cursor.ts, "time");
    conditions.push(sql`(e.ts < ${at} OR (e.ts = ${at} AND e.id < ${param(query.cursor.id)}))`);
  }
  const select = join(
    selects.map((expr, i) => sql`${expr} AS ${raw(`c${i}`)}`),
    ", ",
  );
  const fragment = sql`SELECT ${select} FROM events e WHERE ${and(conditions)} ORDER BY e.ts DESC, e.id DESC LIMIT ${param(query.limit + 1, "integer")}`;
  return { fragment, columns };
}

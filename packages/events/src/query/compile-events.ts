import type { CompiledQuery } from "./compile-aggregate.js";
import { aliasOf, scopeConditions, valueExpr } from "./compile-filter.js";
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

/** The columns of every exposure row of a drill-down. */
export const EXPOSURE_ROW_COLUMNS: readonly (readonly [string, string])[] = [
  ["id", "x.id"],
  ["ts", "x.ts"],
  ["unit", "x.unit"],
  ["hashAttribute", "x.hash_attribute"],
  ["flag", "x.flag"],
  ["variation", "x.variation"],
  ["ruleId", "x.rule_id"],
  ["experiment", "x.experiment"],
  ["inExperiment", "x.in_experiment"],
  ["environment", "x.environment"],
  ["release", "x.release"],
];

/**
 * One page of raw events, newest first, ordered by (ts, id) so that pages never overlap or skip. One row more than
 * the page is read to know whether a next page exists; the last column is the exact timestamp text for the cursor.
 */
export function compileEvents(query: ResolvedEventsQuery, dialect: Dialect): CompiledQuery {
  const { source } = query;
  const a = aliasOf(source);
  const rowColumns = source === "events" ? EVENT_COLUMNS : EXPOSURE_ROW_COLUMNS;
  const selects: Fragment[] = rowColumns.map(([, column]) => raw(column));
  const columns = rowColumns.map(([name]) => name);
  for (const ref of query.fields) {
    selects.push(valueExpr(ref, isNumericField(ref) && ref.kind !== "attribute", dialect, source));
    columns.push(ref.path);
  }
  selects.push(dialect.toText(raw(`${a}.ts`)));
  columns.push("cursor_ts");
  const conditions = scopeConditions(query.scope, source, dialect);
  if (query.cursor !== undefined) {
    const at = param(query.cursor.ts, "time");
    conditions.push(sql`(${raw(a)}.ts < ${at} OR (${raw(a)}.ts = ${at} AND ${raw(a)}.id < ${param(query.cursor.id)}))`);
  }
  const select = join(
    selects.map((expr, i) => sql`${expr} AS ${raw(`c${i}`)}`),
    ", ",
  );
  const order = raw(` ORDER BY ${a}.ts DESC, ${a}.id DESC LIMIT `);
  const fragment = sql`SELECT ${select} FROM ${raw(`${source} ${a}`)} WHERE ${and(conditions)}${order}${param(query.limit + 1, "integer")}`;
  return { fragment, columns };
}

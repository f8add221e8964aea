import type { Dialect } from "./dialects/dialect.js";
import type { FieldRef } from "./field-ref.js";
import type { ResolvedFilter } from "./resolve-filter.js";
import type { ResolvedScope } from "./resolved-query.js";
import { and, type Fragment, type Param, param, raw, sql } from "./sql-fragment.js";

/**
 * The table a statement reads rows from: wide events (`events e`), messages (`event_messages m`), the rows of one
 * flag in the assignments table (`assignments a`, see `covering-flag.ts`) or exposure records (`exposures x`).
 */
export type RowSource = "events" | "messages" | "assignments" | "exposures";

/** The tables whose rows have a value per field (every source but messages). */
export type ValueSource = Exclude<RowSource, "messages">;

const ALIASES: Readonly<Record<RowSource, string>> = { events: "e", messages: "m", assignments: "a", exposures: "x" };

/** The alias of a source's table in compiled statements. */
export function aliasOf(source: RowSource): string {
  return ALIASES[source];
}

const COMPARISONS: Readonly<Record<"=" | "<" | "<=" | ">" | ">=", string>> = {
  "=": "=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

// Columns that event_messages copies from its event, so message rows filter on them without a join.
const MESSAGE_COLUMNS = new Set(["ts", "environment", "release", "name"]);

/**
 * The value of a field as text or as a number (NULL when the event lacks it), on `events e`, on `exposures x` (only
 * typed columns) or, for the fields it carries, on `assignments a` (where the one flag of the statement is the row's
 * `variation`).
 */
export function valueExpr(ref: FieldRef, numeric: boolean, dialect: Dialect, source: ValueSource = "events"): Fragment {
  const a = ALIASES[source];
  switch (ref.kind) {
    case "column":
      return raw(`${a}.${source === "assignments" && ref.column === "id" ? "event_id" : ref.column}`);
    case "attribute":
      return dialect.listLookup(numeric ? "e.attr_num" : "e.attr_str", "e.attr_keys", param(ref.key));
    case "assignment":
      if (source === "assignments") return raw("a.variation");
      return dialect.listLookup("e.variations", "e.flags", param(ref.flag));
    case "span":
      return dialect.listLookup(
        `${a}.${ref.part === "ms" ? "span_ms" : "span_count"}`,
        `${a}.span_names`,
        param(ref.span),
      );
    case "counter":
      return dialect.listLookup("e.counter_values", "e.counter_names", param(ref.counter));
    case "message":
      throw new Error("message has no single value per event");
  }
}

/** Every condition of the scope (time range and filters) on rows of `source`. */
export function scopeConditions(scope: ResolvedScope, source: RowSource, dialect: Dialect): Fragment[] {
  const alias = ALIASES[source];
  const conditions: Fragment[] = [];
  if (scope.range.from !== undefined) conditions.push(sql`${raw(alias)}.ts >= ${timeParam(scope.range.from)}`);
  if (scope.range.to !== undefined) conditions.push(sql`${raw(alias)}.ts < ${timeParam(scope.range.to)}`);
  conditions.push(...scope.filters.map((filter) => filterExpr(filter, source, dialect)));
  return conditions;
}

/** A timestamp parameter. */
export function timeParam(time: Date): Param {
  return param(time.toISOString(), "time");
}

/** One filter as a condition on rows of `source`; negations also match rows that lack the field. */
export function filterExpr(filter: ResolvedFilter, source: RowSource, dialect: Dialect): Fragment {
  const positive = positiveExpr(filter, source, dialect);
  return filter.negate ? sql`NOT coalesce(${positive}, FALSE)` : positive;
}

function positiveExpr(filter: ResolvedFilter, source: RowSource, dialect: Dialect): Fragment {
  const { ref } = filter;
  if (ref.kind === "message") {
    if (source === "messages") return compare(raw("m.text"), filter, dialect);
    if (filter.op === "exists") return raw("e.message_count > 0");
    return sql`e.id IN (SELECT event_id FROM event_messages WHERE ${compare(raw("text"), filter, dialect)})`;
  }
  if (source === "messages") {
    if (ref.kind === "column" && MESSAGE_COLUMNS.has(ref.column))
      return compare(raw(`m.${ref.column}`), filter, dialect);
    if (ref.kind === "assignment") {
      const variation = filter.op === "exists" ? raw("TRUE") : compare(raw("variation"), filter, dialect);
      return sql`m.event_id IN (SELECT event_id FROM assignments WHERE flag = ${param(ref.flag)} AND ${variation})`;
    }
    return sql`m.event_id IN (SELECT e.id FROM events e WHERE ${positiveExpr(filter, "events", dialect)})`;
  }
  if (filter.op === "exists") return existsExpr(ref, dialect, source);
  return compare(valueExpr(ref, filter.numeric, dialect, source), filter, dialect);
}

function existsExpr(ref: FieldRef, dialect: Dialect, source: ValueSource): Fragment {
  switch (ref.kind) {
    case "attribute":
      return dialect.listContains("e.attr_keys", param(ref.key));
    case "assignment":
      return source === "assignments" ? raw("TRUE") : dialect.listContains("e.flags", param(ref.flag));
    case "span":
      return dialect.listContains(`${ALIASES[source]}.span_names`, param(ref.span));
    case "counter":
      return dialect.listContains("e.counter_names", param(ref.counter));
    default:
      return sql`${valueExpr(ref, false, dialect, source)} IS NOT NULL`;
  }
}

/** A positive assignment filter as a condition on the `variation` column of a joined bridge-table row. */
export function variationCondition(filter: ResolvedFilter, column: Fragment, dialect: Dialect): Fragment {
  return filter.op === "exists" ? raw("TRUE") : compare(column, filter, dialect);
}

function compare(expr: Fragment, filter: ResolvedFilter, dialect: Dialect): Fragment {
  const values = filter.values.map((value) => valueParam(value, filter));
  const [first] = values;
  if (filter.op === "in") return sql`${expr} IN (${values.map((value) => sql`${value}`)})`;
  if (filter.op === "exists") return sql`${expr} IS NOT NULL`;
  if (first === undefined) return raw("FALSE");
  switch (filter.op) {
    case "contains":
      return dialect.contains(expr, first);
    case "regex":
      return dialect.regexMatch(expr, first);
    default:
      return sql`${expr} ${raw(COMPARISONS[filter.op])} ${first}`;
  }
}

function valueParam(value: string | number, filter: ResolvedFilter): Param {
  if (filter.numeric) return param(Number(value), "number");
  if (filter.ref.kind === "column" && filter.ref.type === "time") return param(String(value), "time");
  if (filter.ref.kind === "column" && filter.ref.type === "boolean") return param(String(value), "boolean");
  return param(String(value), "string");
}

/** The scope's conditions joined into one WHERE condition. */
export function whereScope(scope: ResolvedScope, source: RowSource, dialect: Dialect): Fragment {
  return and(scopeConditions(scope, source, dialect));
}

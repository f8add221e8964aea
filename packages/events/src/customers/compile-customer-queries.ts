import type { Dialect } from "../query/dialects/dialect.js";
import { renderSql } from "../query/render-sql.js";
import { and, type Fragment, param, raw, sql } from "../query/sql-fragment.js";
import type { SqlStatement } from "../store/event-store.js";

/** The prefix of the event fields that carry a unit's evaluation attributes (`ev.set("context.country", "jp")`). */
export const CONTEXT_FIELD_PREFIX = "context.";

/** A time window, inclusive `from`, exclusive `to`; either side may be open. */
export interface TimeWindow {
  from?: Date;
  to?: Date;
}

/** The columns of `compileUnitEvents`, in order. */
export const UNIT_EVENT_COLUMNS = [
  "id",
  "ts",
  "environment",
  "name",
  "status",
  "duration_ms",
  "release",
  "flags",
  "variations",
  "attr_keys",
  "attr_str",
  "attr_num",
] as const;

/** The columns of `compileUnitExposures`, in order. */
export const UNIT_EXPOSURE_COLUMNS = [
  "ts",
  "environment",
  "flag",
  "variation",
  "rule_id",
  "experiment",
  "release",
  "hash_attribute",
] as const;

function windowConditions(window: TimeWindow): Fragment[] {
  const conditions: Fragment[] = [];
  if (window.from !== undefined) conditions.push(sql`ts >= ${param(window.from.toISOString(), "time")}`);
  if (window.to !== undefined) conditions.push(sql`ts < ${param(window.to.toISOString(), "time")}`);
  return conditions;
}

/**
 * A unit's newest events (every environment), newest first: the request list of the support view, and the source of
 * its last known attributes (`attr_keys`/`attr_str`, the flattened `fields`).
 */
export function compileUnitEvents(
  unit: string,
  limit: number,
  dialect: Dialect,
  window: TimeWindow = {},
): SqlStatement {
  const columns = raw(UNIT_EVENT_COLUMNS.join(", "));
  const where = and([sql`unit = ${param(unit)}`, ...windowConditions(window)]);
  return renderSql(
    sql`SELECT ${columns} FROM events WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ${param(limit, "integer")}`,
    dialect,
  );
}

/**
 * A unit's exposures, oldest first, up to `limit` of the newest: the "what they saw" timeline is folded from these.
 * The inner query keeps the newest rows, the outer one puts them back in time order.
 */
export function compileUnitExposures(unit: string, limit: number, dialect: Dialect): SqlStatement {
  const columns = raw(UNIT_EXPOSURE_COLUMNS.join(", "));
  const inner = sql`SELECT ${columns}, id FROM exposures WHERE unit = ${param(unit)} ORDER BY ts DESC, id DESC LIMIT ${param(limit, "integer")}`;
  return renderSql(sql`SELECT ${columns} FROM (${inner}) AS newest ORDER BY ts ASC, id ASC`, dialect);
}

/**
 * The units whose events carry `value` under the field `context.<attribute>` (or `<attribute>` itself, for fields
 * sent outside `context`), newest activity first.
 */
export function compileUnitsByAttribute(
  attribute: string,
  value: string,
  limit: number,
  dialect: Dialect,
): SqlStatement {
  const underContext = dialect.listLookup("attr_str", "attr_keys", param(`${CONTEXT_FIELD_PREFIX}${attribute}`));
  const plain = dialect.listLookup("attr_str", "attr_keys", param(attribute));
  const matches = sql`(${underContext} = ${param(value)} OR ${plain} = ${param(value)})`;
  const select = sql`SELECT unit, ${dialect.toText(raw("max(ts)"))} AS last_seen FROM events`;
  return renderSql(
    sql`${select} WHERE unit IS NOT NULL AND ${matches} GROUP BY unit ORDER BY max(ts) DESC, unit LIMIT ${param(limit, "integer")}`,
    dialect,
  );
}

/** A unit's raw events (as ingested) in a window, oldest first: the drill-down of a complaint's time. */
export function compileUnitRawEvents(unit: string, window: TimeWindow, limit: number, dialect: Dialect): SqlStatement {
  const where = and([sql`unit = ${param(unit)}`, ...windowConditions(window)]);
  const select = sql`SELECT id, ${dialect.toText(raw("raw"))} AS raw FROM events`;
  return renderSql(sql`${select} WHERE ${where} ORDER BY ts ASC, id ASC LIMIT ${param(limit, "integer")}`, dialect);
}

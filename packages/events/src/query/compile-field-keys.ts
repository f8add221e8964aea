import type { CompiledQuery } from "./compile-aggregate.js";
import { whereScope } from "./compile-filter.js";
import type { Dialect } from "./dialects/dialect.js";
import type { ResolvedFieldKeysQuery } from "./resolved-query.js";
import { param, sql } from "./sql-fragment.js";

/**
 * The keys of `fields` carried by the scoped events, as query fields (`fields.http.route`) with how many events
 * carry each: one pass that unnests every event's key list, most frequent first, ties by name.
 */
export function compileFieldKeys(query: ResolvedFieldKeysQuery, dialect: Dialect): CompiledQuery {
  const keys = sql`SELECT ${dialect.unnestList("e.attr_keys")} AS k FROM events e WHERE ${whereScope(query.scope, "events", dialect)}`;
  const fragment = sql`SELECT 'fields.' || k AS c0, count(*) AS c1 FROM (${keys}) keys GROUP BY k ORDER BY 2 DESC, 1 LIMIT ${param(query.limit, "integer")}`;
  return { fragment, columns: ["field", "events"] };
}

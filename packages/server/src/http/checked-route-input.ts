import type { TSchema } from "@sinclair/typebox";
import { parseInput, parseQuery, type RouteSpec } from "../kernel/index.js";

/**
 * The body checked against the route's schema, or VALIDATION_FAILED with every problem. An absent body stands
 * for `{}` when the schema requires no field, so bodies that only carry an optional reason may be left out.
 */
export function checkedBody(spec: RouteSpec, body: unknown): unknown {
  if (spec.body === undefined) return body;
  return parseInput(spec.body, body ?? (requiresNothing(spec.body) ? {} : body));
}

/** The query converted (text to numbers and booleans) and checked against the route's schema. */
export function checkedQuery(spec: RouteSpec, query: unknown): unknown {
  if (spec.query === undefined) return query;
  return parseQuery(spec.query, query);
}

function requiresNothing(schema: TSchema): boolean {
  return schema["type"] === "object" && ((schema["required"] as string[] | undefined) ?? []).length === 0;
}

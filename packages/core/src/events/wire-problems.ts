import type { TSchema } from "@sinclair/typebox";
import { Value, type ValueError, ValueErrorType } from "@sinclair/typebox/value";
import type { ErrorDetail } from "../api/index.js";
import { isRecord, type PathSegment, pointerToSegments } from "../model/problem-path.js";

/**
 * Every way `value` breaks `schema` (one of `event-schema.ts`), as details with ingest's paths (`[3].spans.sql`,
 * `[3].messages[0]`, prefixed by `at`), ordered by the schema's top-level fields, each path reported once. The
 * message is the `errorMessage` of the deepest schema part on the path that has one, else derived from the kind
 * of value expected. Meant for values that failed a check: it costs more than checking.
 */
export function wireProblems(schema: TSchema, value: unknown, at: string): ErrorDetail[] {
  const problems: { rank: number; detail: ErrorDetail }[] = [];
  const seen = new Set<string>();
  const order = Object.keys(isRecord(schema["properties"]) ? schema["properties"] : {});
  for (const error of Value.Errors(schema, value)) {
    const segments = pointerToSegments(error.path, value);
    const { depth, message } = messageFor(schema, segments, error);
    const path = at + formatWirePath(segments.slice(0, depth));
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push({ rank: rankOf(order, segments[0]), detail: { path, message } });
  }
  // Value.Errors names missing required fields before the others; answers follow the fields' order instead.
  return problems.sort((a, b) => a.rank - b.rank).map((problem) => problem.detail);
}

/** Formats path segments the way ingest names them: `.spans.sql`, `.messages[0]`. */
export function formatWirePath(segments: readonly PathSegment[]): string {
  let path = "";
  for (const segment of segments) path += typeof segment === "number" ? `[${segment}]` : `.${segment}`;
  return path;
}

/** The rank of a top-level field in `order` (unknown fields last), for sorting details of one item. */
export function rankOf(order: readonly string[], field: PathSegment | undefined): number {
  const index = typeof field === "string" ? order.indexOf(field) : -1;
  return index === -1 ? order.length : index;
}

// Walks the schema along the error's path: the deepest part with an `errorMessage` answers for everything below it.
function messageFor(root: TSchema, segments: PathSegment[], error: ValueError): { depth: number; message: string } {
  let found: { depth: number; message: string } | undefined;
  let schema: TSchema | undefined = root;
  for (let depth = 0; schema !== undefined; depth++) {
    const own = schema["errorMessage"];
    if (typeof own === "string") found = { depth, message: own };
    if (depth === segments.length) break;
    schema = childSchema(schema, segments[depth] as PathSegment);
  }
  return found ?? { depth: segments.length, message: derivedMessage(error) };
}

function childSchema(schema: TSchema, segment: PathSegment): TSchema | undefined {
  if (typeof segment === "number") return isRecord(schema["items"]) ? (schema["items"] as TSchema) : undefined;
  const properties = schema["properties"];
  if (isRecord(properties) && isRecord(properties[segment])) return properties[segment] as TSchema;
  const values = schema["additionalProperties"];
  return isRecord(values) ? (values as TSchema) : undefined;
}

function derivedMessage(error: ValueError): string {
  if (error.value === undefined) return "is required";
  switch (error.type) {
    case ValueErrorType.String:
      return "must be a string";
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
      return "must be a finite number";
    case ValueErrorType.Boolean:
      return "must be true or false";
    case ValueErrorType.Object:
      return "must be an object";
    case ValueErrorType.Array:
      return "must be an array";
    case ValueErrorType.Literal:
      return `must be ${JSON.stringify(error.schema["const"])}`;
    default:
      return error.message.toLowerCase();
  }
}

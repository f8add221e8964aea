import type { TSchema } from "@sinclair/typebox";
import { Value, type ValueError, ValueErrorType } from "@sinclair/typebox/value";
import type { Problem } from "./problem.js";
import { formatPath, isRecord, type PathSegment, pointerToSegments } from "./problem-path.js";

/** Every way `value` breaks the shape of `schema`, as readable problems (each path and message once). */
export function structuralProblems(schema: TSchema, value: unknown, prefix: readonly PathSegment[] = []): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const segments = [...prefix, ...pointerToSegments(error.path, value)];
    for (const problem of describeError(error, segments)) {
      const key = `${problem.path}\n${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function describeError(error: ValueError, segments: PathSegment[]): Problem[] {
  const here = (message: string): Problem[] => [{ path: formatPath(segments), message }];
  const { schema, value } = error;
  switch (error.type) {
    case ValueErrorType.Union:
      return describeUnion(schema, value, segments);
    case ValueErrorType.ObjectAdditionalProperties: {
      const key = String(segments.at(-1));
      const parent = formatPath(segments.slice(0, -1));
      // A record rejects a key through `additionalProperties: false` when the key breaks the name pattern.
      if (isRecord(schema["patternProperties"])) {
        return [{ path: parent, message: `${JSON.stringify(key)} is not a valid name (${NAME_RULE})` }];
      }
      return [{ path: parent, message: `unknown field ${JSON.stringify(key)}` }];
    }
    case ValueErrorType.ObjectRequiredProperty:
      return here("is required");
    case ValueErrorType.String:
      return here(value === undefined ? "is required" : "must be a string");
    case ValueErrorType.Number:
      return here(value === undefined ? "is required" : "must be a finite number");
    case ValueErrorType.Boolean:
      return here("must be true or false");
    case ValueErrorType.Object:
      return here(`must be an object${exampleOf(schema)}`);
    case ValueErrorType.Array:
      return here("must be a list");
    case ValueErrorType.Literal:
      return here(`must be ${JSON.stringify(schema["const"])}`);
    case ValueErrorType.NumberMinimum:
      return here(`must be at least ${schema["minimum"]} (got ${value})`);
    case ValueErrorType.NumberMaximum:
      return here(`must be at most ${schema["maximum"]} (got ${value})`);
    case ValueErrorType.StringMinLength:
      return here("must not be empty");
    case ValueErrorType.StringMaxLength:
      return here(
        `must be at most ${schema["maxLength"]} characters (got ${typeof value === "string" ? value.length : "?"})`,
      );
    case ValueErrorType.StringPattern:
      return here(`${JSON.stringify(value)} is not valid (${patternRule(schema["pattern"])})`);
    case ValueErrorType.ArrayMinItems:
      return here(`must have at least ${schema["minItems"]} item${schema["minItems"] === 1 ? "" : "s"}`);
    case ValueErrorType.ArrayMaxItems:
      return here(`must have at most ${schema["maxItems"]} items (got ${Array.isArray(value) ? value.length : "?"})`);
    case ValueErrorType.Tuple:
    case ValueErrorType.TupleLength:
      return here(`must be a list of exactly ${Array.isArray(schema["items"]) ? schema["items"].length : "?"} items`);
    default:
      return here(error.message.toLowerCase());
  }
}

// A schema's first `examples` entry shows the expected shape, for values that have another one (a list of
// `{pool, percent}` where percent per pool is expected).
function exampleOf(schema: TSchema): string {
  const examples = schema["examples"];
  return Array.isArray(examples) && examples.length > 0 ? `, e.g. ${JSON.stringify(examples[0])}` : "";
}

const NAME_RULE = 'lower case letters, digits, ".", "_" and "-", starting with a letter or digit, up to 100 characters';
const ID_RULE = 'letters, digits, ".", "_", ":" and "-", starting with a letter or digit, up to 100 characters';

function patternRule(pattern: unknown): string {
  if (typeof pattern === "string" && pattern.startsWith("^[a-z0-9]")) return `use ${NAME_RULE}`;
  if (typeof pattern === "string" && pattern.startsWith("^[A-Za-z0-9]")) return `use ${ID_RULE}`;
  return `must match ${String(pattern)}`;
}

// TypeBox only says "expected union value"; pick the variant the author meant and report its problems instead.
function describeUnion(schema: TSchema, value: unknown, segments: PathSegment[]): Problem[] {
  const variants = (schema["anyOf"] ?? []) as TSchema[];
  const path = formatPath(segments);
  const objects = variants.filter((variant) => variant["type"] === "object");
  if (objects.length === variants.length && !isRecord(value)) return [{ path, message: "must be an object" }];
  if (objects.length === variants.length && isRecord(value)) {
    const kinds = objects.map((variant) => variant["properties"]?.kind?.const).filter((kind) => kind !== undefined);
    if (kinds.length === objects.length) {
      const chosen = objects.find((variant) => variant["properties"]?.kind?.const === value["kind"]);
      if (!chosen) {
        const expected = kinds.map((kind) => JSON.stringify(kind)).join(", ");
        const message = value["kind"] === undefined ? `is required (one of ${expected})` : `must be one of ${expected}`;
        return [{ path: formatPath([...segments, "kind"]), message }];
      }
      return structuralProblems(chosen, value, segments);
    }
    return structuralProblems(closestVariant(objects, value), value, segments);
  }
  const consts = variants.map((variant) => variant["const"]);
  if (consts.every((c) => c !== undefined)) {
    return [{ path, message: `must be one of ${consts.map((c) => JSON.stringify(c)).join(", ")}` }];
  }
  const types = variants.map((variant) => String(variant["type"] ?? "value"));
  return [{ path, message: `must be a ${types.join(" or a ")}` }];
}

function closestVariant(variants: TSchema[], value: Record<string, unknown>): TSchema {
  const keys = Object.keys(value);
  const overlap = (variant: TSchema) => keys.filter((key) => key in (variant["properties"] ?? {})).length;
  return variants.reduce((best, variant) => (overlap(variant) > overlap(best) ? variant : best));
}

import type { SdkPayload } from "../payload/payload-types.js";
import { isJsonObject, isPlainObject, MAX_DEPTH } from "./clone-json.js";
import { PayloadError } from "./payload-error.js";
import {
  ARRAY,
  BOOLEAN,
  KIND_PROBLEMS,
  ListOf,
  MapOf,
  NAMESPACE,
  NUMBER,
  NUMBERS,
  OBJECT,
  PAYLOAD,
  RANGE,
  RANGES,
  type Shape,
  STRING,
} from "./payload-shape.js";

/**
 * The first problem found, with the path of its value. The path is built on the way back up, segment by segment,
 * so a valid payload (the common case, thousands of flags) is checked without allocating anything.
 */
class Found {
  constructor(
    public path: string,
    readonly problem: string,
  ) {}
}

function within(found: Found, segment: string): Found {
  found.path = segment + found.path;
  return found;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `.name` for a field that reads as an identifier, else `["key"]` (also every key of a map users named). */
function keySegment(key: string, entry: boolean): string {
  return !entry && IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Validates a parsed SDK payload in place, without copying it: its documented fields have their types, and it is
 * a tree of JSON values (plain objects, arrays, strings, finite or not numbers, booleans, null) at most
 * `MAX_DEPTH` deep. A malformed payload fails with a `PayloadError` naming the first bad field.
 * @example validatePayload(JSON.parse(text)).features
 */
export function validatePayload(value: unknown): SdkPayload {
  if (!isJsonObject(value)) throw new PayloadError("", "the payload must be a JSON object");
  const found = objectProblem(value, PAYLOAD, [], 0);
  if (found !== undefined) throw new PayloadError(found.path.replace(/^\./, ""), found.problem);
  return value as SdkPayload;
}

/** The first problem of an object of a given shape: a bad field, in the object's order, then a missing one. */
function objectProblem(value: unknown, shape: Shape, required: readonly string[], depth: number): Found | undefined {
  if (!isJsonObject(value)) return new Found("", KIND_PROBLEMS[OBJECT] as string);
  if (!isPlainObject(value)) return new Found("", "must be a plain JSON object");
  if (depth >= MAX_DEPTH) return tooDeep();
  for (const key in value) {
    const field = value[key];
    if (field === undefined) continue;
    const check = shape[key];
    // The commonest fields are tested inline: a call per field dominates while the code is still interpreted.
    if (check === STRING ? typeof field === "string" : check === undefined && isScalar(field)) continue;
    const found =
      typeof check === "number"
        ? kindProblem(field, check, depth + 1)
        : check instanceof ListOf
          ? listProblem(field, check, depth + 1)
          : check instanceof MapOf
            ? mapProblem(field, check.item, depth + 1)
            : jsonProblem(field, depth + 1);
    if (found !== undefined) return within(found, keySegment(key, false));
  }
  for (const key of required) if (value[key] === undefined) return new Found(`.${key}`, "is required");
  return undefined;
}

function listProblem(value: unknown, list: ListOf, depth: number): Found | undefined {
  if (!Array.isArray(value)) return new Found("", KIND_PROBLEMS[ARRAY] as string);
  for (let i = 0; i < value.length; i++) {
    const found = objectProblem(value[i], list.item, list.required, depth + 1);
    if (found !== undefined) return within(found, `[${i}]`);
  }
  return undefined;
}

function mapProblem(value: unknown, item: Shape | undefined, depth: number): Found | undefined {
  if (!isJsonObject(value)) return new Found("", KIND_PROBLEMS[OBJECT] as string);
  if (!isPlainObject(value)) return new Found("", "must be a plain JSON object");
  for (const key in value) {
    const entry = value[key];
    if (entry === undefined) continue;
    const found = item === undefined ? jsonProblem(entry, depth + 1) : objectProblem(entry, item, [], depth + 1);
    if (found !== undefined) return within(found, keySegment(key, true));
  }
  return undefined;
}

function kindProblem(value: unknown, kind: number, depth: number): Found | undefined {
  switch (kind) {
    case STRING:
      if (typeof value === "string") return undefined;
      break;
    case BOOLEAN:
      if (typeof value === "boolean") return undefined;
      break;
    case NUMBER:
      if (typeof value === "number" && Number.isFinite(value)) return undefined;
      break;
    case OBJECT:
      if (isJsonObject(value)) return jsonProblem(value, depth);
      break;
    case ARRAY:
      if (Array.isArray(value)) return jsonProblem(value, depth);
      break;
    case NUMBERS:
      if (areNumbers(value, -1)) return undefined;
      break;
    case RANGE:
      if (areNumbers(value, 2)) return undefined;
      break;
    case RANGES:
      if (!Array.isArray(value)) return new Found("", KIND_PROBLEMS[ARRAY] as string);
      for (let i = 0; i < value.length; i++) {
        if (!areNumbers(value[i], 2)) return new Found(`[${i}]`, KIND_PROBLEMS[RANGE] as string);
      }
      return undefined;
    case NAMESPACE:
      if (
        Array.isArray(value) &&
        value.length === 3 &&
        typeof value[0] === "string" &&
        typeof value[1] === "number" &&
        typeof value[2] === "number"
      ) {
        return undefined;
      }
  }
  return new Found("", KIND_PROBLEMS[kind] as string);
}

function isScalar(value: unknown): boolean {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean";
}

/** Whether a value is an array of finite numbers, of the given length unless it is negative. */
function areNumbers(value: unknown, length: number): boolean {
  if (!Array.isArray(value) || (length >= 0 && value.length !== length)) return false;
  for (let i = 0; i < value.length; i++) {
    const n: unknown = value[i];
    if (typeof n !== "number" || !Number.isFinite(n)) return false;
  }
  return true;
}

/** The first part of a value that is not JSON: a function, a class instance, a cycle (too deep). */
function jsonProblem(value: unknown, depth: number): Found | undefined {
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean" || value === null) return undefined;
  if (type !== "object") return new Found("", `must be a JSON value (got ${type})`);
  if (depth >= MAX_DEPTH) return tooDeep();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const itemType = typeof item;
      if (itemType === "string" || itemType === "number" || itemType === "boolean") continue;
      const found = jsonProblem(item, depth + 1);
      if (found !== undefined) return within(found, `[${i}]`);
    }
    return undefined;
  }
  if (!isPlainObject(value)) return new Found("", "must be a plain JSON object");
  for (const key in value) {
    const field = value[key];
    const fieldType = typeof field;
    if (fieldType === "string" || fieldType === "number" || fieldType === "boolean" || fieldType === "undefined") {
      continue;
    }
    const found = jsonProblem(field, depth + 1);
    if (found !== undefined) return within(found, keySegment(key, false));
  }
  return undefined;
}

function tooDeep(): Found {
  return new Found("", `nests deeper than ${MAX_DEPTH} levels (or is cyclic)`);
}

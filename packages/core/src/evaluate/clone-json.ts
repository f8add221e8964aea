import { PayloadError } from "./payload-error.js";

const MAX_DEPTH = 64;

/** Appends an object field to a problem path: `features["x"]` + `rules` → `features["x"].rules`. */
export function fieldPath(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

/** Appends a map entry to a problem path: `features` + `x` → `features["x"]`. */
export function entryPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

/** Whether `cloneJson` accepts a value as an object: a plain object (not an array, not null, no class). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep-copies a JSON value into fresh, frozen objects, so a compiled payload never shares mutable state with its
 * caller. Rejects what JSON cannot carry (functions, symbols, bigints, class instances, cycles) with a path.
 */
export function cloneJson(value: unknown, path: string, depth = 0): unknown {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object":
      if (value === null) return null;
      if (depth >= MAX_DEPTH) throw new PayloadError(path, `nests deeper than ${MAX_DEPTH} levels (or is cyclic)`);
      return Array.isArray(value) ? cloneArray(value, path, depth) : cloneObject(value, path, depth);
    default:
      throw new PayloadError(path, `must be a JSON value (got ${typeof value})`);
  }
}

/**
 * Checks in place that a value is a tree of JSON values `cloneJson` would accept, without copying; on failure
 * `cloneJson` runs to name the path, so the accepted inputs and the messages are the same as a copy's.
 */
export function assertJsonTree(value: unknown, path: string, depth: number): void {
  if (!isJsonTree(value, depth)) cloneJson(value, path, depth);
}

/** Whether `cloneJson` would accept a value at `depth`; allocation-free, as paths only matter once it is wrong. */
export function isJsonTree(value: unknown, depth: number): boolean {
  if (typeof value !== "object") return isJsonScalar(value);
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  // Scalars are tested inline: most leaves are scalars, and a call per leaf dominates before the JIT warms up.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const type = typeof item;
      if (type !== "string" && type !== "number" && type !== "boolean" && !isJsonTree(item, depth + 1)) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    const type = typeof field;
    if (type === "string" || type === "number" || type === "boolean" || type === "undefined") continue;
    if (!isJsonTree(field, depth + 1)) return false;
  }
  return true;
}

/** Whether a value is a string, a number or a boolean. */
function isJsonScalar(value: unknown): boolean {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean";
}

/** Payload maps keyed by names chosen by users (flag keys, group ids), always written `map["key"]`. */
const USER_KEYED_MAPS = new Set(["features", "savedGroups", "contextualBandits"]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string): string {
  if (USER_KEYED_MAPS.has(path) || !IDENTIFIER.test(key)) return entryPath(path, key);
  return fieldPath(path, key);
}

function cloneArray(value: readonly unknown[], path: string, depth: number): readonly unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) out.push(cloneJson(value[i], `${path}[${i}]`, depth + 1));
  return Object.freeze(out);
}

function cloneObject(value: object, path: string, depth: number): Readonly<Record<string, unknown>> {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new PayloadError(path, "must be a plain JSON object");
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const copy = cloneJson(field, childPath(path, key), depth + 1);
    // Assigning `__proto__` would replace the prototype instead of adding a key.
    if (key === "__proto__") Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true });
    else out[key] = copy;
  }
  return Object.freeze(out);
}

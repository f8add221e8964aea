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

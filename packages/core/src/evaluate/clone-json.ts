/** Nesting deeper than this is refused (`validatePayload`) and not copied further (`cloneJson`): it means a cycle. */
export const MAX_DEPTH = 64;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a value is an object JSON can carry: not an array, not null, no class (a null prototype is fine). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isJsonObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-copies the arrays and plain objects of a value into fresh, frozen ones, so a compiled payload never shares
 * mutable state with its caller (and a getter is read once). It checks nothing: what JSON cannot carry (functions,
 * class instances, anything below `MAX_DEPTH`, so cycles) is kept as is for `validatePayload` to reject by path.
 */
export function cloneJson(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(cloneJson(value[i], depth + 1));
    return Object.freeze(out);
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const copy = cloneJson(field, depth + 1);
    // Assigning `__proto__` would replace the prototype instead of adding a key.
    if (key === "__proto__") Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true });
    else out[key] = copy;
  }
  return Object.freeze(out);
}

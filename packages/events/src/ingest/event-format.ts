import type { ErrorDetail } from "@switchboard/core";

type Obj = Record<string, unknown>;

// A flat key segment that would reach an object's prototype while nesting (the SDKs never send one: `ev.set`
// ignores such keys).
const UNSAFE_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Brings a wide event of any format version to the stored form, in place: format 2 (`v: 2`, `fields` keyed by flat
 * dotted keys, what current SDKs send because it is the cheapest to build and encode) has its fields nested as
 * format 1's are; `v` itself is dropped, so the same event is stored the same whichever format carried it. Returns
 * true when the item changed (its received text is then no longer its stored text), false when it did not, and
 * undefined, with a problem pushed, when a flat key cannot be nested safely. Anything else about the item (a `v`
 * that is not 1 or 2, `fields` of the wrong type) is left for the schema check to report.
 */
export function normalizeEventFormat(value: unknown, at: string, problems: ErrorDetail[]): boolean | undefined {
  if (!isObject(value) || value["type"] !== "event" || !("v" in value)) return false;
  const version = value["v"];
  if (version !== 1 && version !== 2) return false;
  const fields = value["fields"];
  if (version === 2 && isObject(fields)) {
    const nested = nestFields(fields, `${at}.fields`, problems);
    if (nested === undefined) return undefined;
    value["fields"] = nested;
  }
  delete value["v"];
  return true;
}

/** Flat dotted keys → nested objects, key by key in order, with `ev.set`'s rule: a non-object on the way is replaced. */
function nestFields(flat: Obj, at: string, problems: ErrorDetail[]): Obj | undefined {
  const nested: Obj = {};
  for (const key of Object.keys(flat)) {
    const path = key.split(".");
    if (path.some((segment) => UNSAFE_SEGMENTS.has(segment))) {
      problems.push({ path: `${at}.${key}`, message: "must not name __proto__, constructor or prototype" });
      return undefined;
    }
    let target = nested;
    const last = path.length - 1;
    for (let i = 0; i < last; i++) {
      const part = path[i] as string;
      let next = target[part];
      if (!isObject(next)) {
        next = {};
        target[part] = next;
      }
      target = next as Obj;
    }
    target[path[last] as string] = flat[key];
  }
  return nested;
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

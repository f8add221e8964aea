/** A path to a value inside a JSON document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Every path to a value below the root, depth first, with the value found there. */
export function jsonPositions(root: unknown): { path: JsonPath; value: unknown }[] {
  const found: { path: JsonPath; value: unknown }[] = [];
  const walk = (node: unknown, path: JsonPath) => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        found.push({ path: [...path, index], value: child });
        walk(child, [...path, index]);
      });
    } else if (typeof node === "object" && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        found.push({ path: [...path, key], value: child });
        walk(child, [...path, key]);
      }
    }
  };
  walk(root, []);
  return found;
}

/** A deep copy of `root` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
export function withValueAt(root: unknown, path: JsonPath, value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  const parentPath = path.slice(0, -1);
  let parent: unknown = copy;
  for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
  const last = path[path.length - 1];
  if (last === undefined || typeof parent !== "object" || parent === null) return copy;
  if (value === REMOVE) {
    if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
    else delete (parent as Record<string, unknown>)[String(last)];
  } else {
    (parent as Record<string | number, unknown>)[last] = value;
  }
  return copy;
}

/** Marks a removal for `withValueAt`. */
export const REMOVE: unique symbol = Symbol("remove");

/** A string no real body contains: `withRawAt` swaps it for raw JSON text that JSON.stringify cannot produce. */
const PLACEHOLDER = "__robustness_raw_placeholder__";

/** The JSON text of `root` with the value at `path` replaced by raw JSON text (deep nesting, 2^63, -0). */
export function withRawAt(root: unknown, path: JsonPath, raw: string): string {
  const text = JSON.stringify(path.length === 0 ? PLACEHOLDER : withValueAt(root, path, PLACEHOLDER));
  return text.replace(`"${PLACEHOLDER}"`, () => raw);
}

/** Reads a value at a precompiled dotted path; missing anywhere along the way yields `null`. */
export type PathReader = (root: unknown) => unknown;

type Indexable = Record<string, unknown>;

// `in` (not an own-property check) on purpose: GrowthBook reads inherited properties too, e.g. getters of
// class-instance attributes and `tags.length` on arrays. Primitives are never descended into.
function readSegment(current: unknown, key: string): unknown {
  return typeof current === "object" && current !== null && key in current ? (current as Indexable)[key] : null;
}

/**
 * Applies a value matcher to the attribute at a one-segment path; the read is inlined because every clause of
 * every condition goes through here, and a call into a shared reader per clause is measurable.
 */
export function compileTopLevelTest(key: string, matches: (value: unknown) => boolean): (root: unknown) => boolean {
  return (root) => matches(typeof root === "object" && root !== null && key in root ? (root as Indexable)[key] : null);
}

/** Splits `"father.age"` once into segments and returns a reader specialised for the path length. */
export function compileAttributePath(path: string): PathReader {
  const segments = path.split(".");
  const first = segments[0] ?? "";
  if (segments.length === 1) return (root) => readSegment(root, first);
  const second = segments[1] ?? "";
  if (segments.length === 2) return (root) => readSegment(readSegment(root, first), second);
  return (root) => {
    let current = root;
    for (let i = 0; i < segments.length; i++) {
      current = readSegment(current, segments[i] as string);
    }
    return current;
  };
}

/** Whether the dotted path resolves to a present property (used to say "missing" in explanations). */
export function hasAttributePath(root: unknown, path: string): boolean {
  let current = root;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !(key in current)) return false;
    current = (current as Indexable)[key];
  }
  return true;
}

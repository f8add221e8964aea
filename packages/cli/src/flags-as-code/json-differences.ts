/** One difference between two JSON values: where, and the value before and after (`undefined` = absent). */
export interface JsonDifference {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * The differences between two JSON values as paths a person reads (`environments.production.rules[0].percent`),
 * descending into objects always and into arrays of equal length (a rule list that grew is shown whole, which
 * reads better than every shifted index).
 */
export function jsonDifferences(before: unknown, after: unknown, path = ""): JsonDifference[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => jsonDifferences(before[key], after[key], joinKey(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((item, i) => jsonDifferences(item, after[i], `${path}[${i}]`));
  return sameJson(before, after) ? [] : [{ path, before, after }];
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameJson(a[key], b[key]));
  }
  return false;
}

function joinKey(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (path === "") return safe.startsWith('"') ? `[${safe}]` : safe;
  return safe.startsWith('"') ? `${path}[${safe}]` : `${path}.${safe}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

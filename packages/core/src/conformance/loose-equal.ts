/**
 * Deep equality as GrowthBook's suite asserts it (Jest's `toEqual`): properties whose value is `undefined` count as
 * absent, and object prototypes are ignored. Returns a path to the first difference, or `null` when equal.
 */
export function findDifference(actual: unknown, expected: unknown, path = "$"): string | null {
  if (Object.is(actual, expected)) return null;
  if (typeof actual !== "object" || typeof expected !== "object" || actual === null || expected === null) {
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected))
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    }
    for (let i = 0; i < actual.length; i++) {
      const difference = findDifference(actual[i], expected[i], `${path}[${i}]`);
      if (difference !== null) return difference;
    }
    return null;
  }
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(actualRecord), ...Object.keys(expectedRecord)]);
  for (const key of keys) {
    const difference = findDifference(actualRecord[key], expectedRecord[key], `${path}.${key}`);
    if (difference !== null) return difference;
  }
  return null;
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** One difference between a flag before and after a change: where, and both values (`undefined` = absent). */
export interface FlagDifference {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * The differences between two JSON values as readable paths (`environments.production.rules[0].percent`): into
 * objects always, into arrays of equal length (a list that grew or shrank is shown whole).
 */
export function flagDifferences(before: unknown, after: unknown, path = ""): FlagDifference[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => flagDifferences(before[key], after[key], path === "" ? key : `${path}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((item, i) => flagDifferences(item, after[i], `${path}[${i}]`));
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || "(the flag)", before, after }];
}

/** A value as the diff shows it: JSON, or a dash for absent. */
export function valueText(value: unknown): string {
  return value === undefined ? "—" : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

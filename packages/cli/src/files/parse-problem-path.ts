/**
 * Splits a problem path such as `flags["new-checkout"].environments.production.rules[2].weights` into
 * its segments (`["flags", "new-checkout", "environments", "production", "rules", 2, "weights"]`).
 */
export function parseProblemPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const token = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let match = token.exec(path); match; match = token.exec(path)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

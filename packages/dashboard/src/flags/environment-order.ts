/**
 * The environments to show, in the order the server lists them (the configured order: development → production),
 * then any that only flags mention, by name.
 */
export function orderEnvironments(declared: readonly string[], mentioned: Iterable<string> = []): string[] {
  const known = new Set(declared);
  const extra = [...new Set(mentioned)].filter((name) => !known.has(name)).sort((a, b) => a.localeCompare(b));
  return [...known, ...extra];
}

/** The parts of a dotted field key (`"http.route"` → `["http", "route"]`), or null for a key the event ignores. */
export type FieldPath = readonly string[] | null;

// Requests set the same few keys over and over: splitting and checking each once saves a slice per dot per call.
const MAX_CACHED = 1_000;
const cache = new Map<string, FieldPath>();

/** True when a key could reach an object's prototype; such keys are ignored (substring test: cheap and strict). */
function mentionsPrototype(key: string): boolean {
  return key.includes("__proto__") || key.includes("constructor") || key.includes("prototype");
}

/** The path of a field key, cached for the first 1,000 distinct keys (a process with more keys splits on each call). */
export function fieldPath(key: string): FieldPath {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const path = mentionsPrototype(key) ? null : Object.freeze(key.split("."));
  if (cache.size < MAX_CACHED) cache.set(key, path);
  return path;
}

const STRIP_PREFIX_AND_BUILD = /^v|\+.*$/g;
const SEPARATORS = /[-.]/;
const DIGITS_ONLY = /^[0-9]+$/;

// Versions repeat across requests (app versions, OS versions): memoising keeps comparisons allocation-free.
const CACHE_LIMIT = 1024;
const cache = new Map<string | number, string>();

/**
 * Turns a version into a string that compares correctly with `<` (GrowthBook's padded version string):
 * `"v1.2.3-rc.1+build"` → `"    1-    2-    3-rc-    1"`, and a release sorts after its pre-releases (`~`).
 */
export function toPaddedVersion(input: unknown): string {
  const key = typeof input === "number" || (typeof input === "string" && input !== "") ? input : "0";
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const padded = padVersion(String(key));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, padded);
  return padded;
}

function padVersion(version: string): string {
  const parts = version.replace(STRIP_PREFIX_AND_BUILD, "").split(SEPARATORS);
  // Without a pre-release tag, "~" (the largest printable ASCII) makes 1.0.0 sort after 1.0.0-beta.
  if (parts.length === 3) parts.push("~");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (DIGITS_ONLY.test(part)) parts[i] = part.padStart(5, " ");
  }
  return parts.join("-");
}

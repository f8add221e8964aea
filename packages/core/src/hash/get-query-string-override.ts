/**
 * The variation forced by the query string of `url` for experiment `id` (`?my-test=1`), or `null` when absent or
 * not an integer in `[0, numVariations)`. Parses the string only; no `URL` global is needed.
 * @example getQueryStringOverride("my-test", "https://x.test/?my-test=1", 2) // 1
 */
export function getQueryStringOverride(id: string, url: string, numVariations: number): number | null {
  if (!url) return null;
  // Like GrowthBook, only the text between the first and the second `?` is the query.
  const search = url.split("?")[1];
  if (!search) return null;
  const hashAt = search.indexOf("#");
  const query = hashAt < 0 ? search : search.slice(0, hashAt);
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== id) continue;
    if (eq < 0) return null;
    const rest = pair.slice(eq + 1);
    const valueEnd = rest.indexOf("=");
    // biome-ignore lint/correctness/useParseIntRadix: GrowthBook parses "0x1" as hex; the two must agree.
    const variation = Number.parseInt(valueEnd < 0 ? rest : rest.slice(0, valueEnd));
    return variation >= 0 && variation < numVariations ? variation : null;
  }
  return null;
}

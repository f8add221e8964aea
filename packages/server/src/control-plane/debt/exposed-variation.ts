/** What the event store saw of one variation of a flag: its first and last evaluation or exposure (ISO). */
export interface VariationSeen {
  variation: string;
  first: string;
  last: string;
}

/** The variation a flag's traffic shows alone, and since when no other variation was served. */
export interface ExposedStretch {
  variation: string;
  since: number;
  /** Its latest evaluation or exposure. */
  last: number;
}

/**
 * The one variation a flag has been evaluated or exposed with lately, from the event store: the variation seen
 * last, and the stretch since any other variation was last seen (or since it was first seen, when no other ever
 * was). Traffic is evidence the rules cannot give: a rule for a segment that never visits, or a flag whose rules
 * changed recently but served the same variation throughout, still shows one variation in its exposures.
 * Undefined when the flag was never seen, or when two variations share the latest sighting.
 */
export function exposedStretch(seen: readonly VariationSeen[]): ExposedStretch | undefined {
  const byLast = [...seen].sort((a, b) => Date.parse(b.last) - Date.parse(a.last));
  const current = byLast[0];
  if (current === undefined) return undefined;
  const currentLast = Date.parse(current.last);
  let since = Date.parse(current.first);
  for (const other of byLast.slice(1)) {
    const otherLast = Date.parse(other.last);
    if (otherLast >= currentLast) return undefined;
    since = Math.max(since, otherLast);
  }
  return { variation: current.variation, since, last: currentLast };
}

/** The latest evaluation or exposure of each flag, over all its variations. */
export function lastSeenOf(seen: ReadonlyMap<string, readonly VariationSeen[]>): Map<string, string> {
  const last = new Map<string, string>();
  for (const [flag, variations] of seen) {
    const latest = Math.max(...variations.map((v) => Date.parse(v.last)));
    if (Number.isFinite(latest)) last.set(flag, new Date(latest).toISOString());
  }
  return last;
}

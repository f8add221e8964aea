/** An event name and how often it was seen. */
export interface SeenName {
  name: string;
  count: number;
}

/**
 * The business event the timeline charts when nobody chose one: the most frequent event name after the most frequent
 * one (which is the request or job event every service sends), or the only name there is. Null without events.
 */
export function pickBusinessEvent(seen: readonly SeenName[]): string | null {
  const byCount = [...seen].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return (byCount[1] ?? byCount[0])?.name ?? null;
}

/** The names of a `name, count` answer, most frequent first; rows without a name are left out. */
export function seenNamesOf(rows: readonly (readonly unknown[])[]): SeenName[] {
  return rows
    .filter((row) => typeof row[0] === "string" && row[0] !== "")
    .map((row) => ({ name: String(row[0]), count: Number(row[1]) || 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

import type { EventStore } from "../store/event-store.js";

/** One variation of a flag as the event store saw it: its first and last evaluation or exposure (ISO). */
export interface FlagVariationSeen {
  variation: string;
  first: string;
  last: string;
}

/**
 * How each flag was evaluated (a request's assignment vector) or exposed, read from the event store in one grouped
 * statement; the SQL is the same in DuckDB and ClickHouse. The server's debt board asks it for flags nobody
 * evaluated in N days, and for flags whose traffic shows one variation for N days.
 */
export class FlagActivityReader {
  constructor(private readonly store: EventStore) {}

  /** Each flag seen at all, with every variation it was served and when that was first and last seen. */
  async variationsSeen(): Promise<ReadonlyMap<string, readonly FlagVariationSeen[]>> {
    const sql = `SELECT flag, variation, min(ts) AS first_seen, max(ts) AS last_seen FROM (
  SELECT flag, variation, ts FROM exposures
  UNION ALL
  SELECT flag, variation, ts FROM assignments
) AS seen GROUP BY flag, variation ORDER BY flag, variation`;
    const result = await this.store.run({ sql, params: [] });
    const seen = new Map<string, FlagVariationSeen[]>();
    for (const [flag, variation, first, last] of result.rows) {
      if (typeof flag !== "string" || typeof variation !== "string") continue;
      const firstAt = isoOf(first);
      const lastAt = isoOf(last);
      if (firstAt === undefined || lastAt === undefined) continue;
      const list = seen.get(flag) ?? [];
      list.push({ variation, first: firstAt, last: lastAt });
      seen.set(flag, list);
    }
    return seen;
  }
}

function isoOf(at: unknown): string | undefined {
  if (at === null || at === undefined) return undefined;
  const date = new Date(at instanceof Date ? at.getTime() : String(at).replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

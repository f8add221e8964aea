import type { EventStore } from "../store/event-store.js";

/**
 * When each flag was last evaluated (a request's assignment vector) or exposed, read from the event store in one
 * grouped statement; the SQL is the same in DuckDB and ClickHouse. The server's debt board asks it for flags that
 * nobody evaluated in N days.
 */
export class FlagActivityReader {
  constructor(private readonly store: EventStore) {}

  async lastSeen(): Promise<ReadonlyMap<string, string>> {
    const sql = `SELECT flag, max(ts) AS last_seen FROM (
  SELECT flag, ts FROM exposures
  UNION ALL
  SELECT flag, ts FROM assignments
) AS seen GROUP BY flag`;
    const result = await this.store.run({ sql, params: [] });
    const seen = new Map<string, string>();
    for (const [flag, at] of result.rows) {
      if (typeof flag !== "string" || at === null || at === undefined) continue;
      const date = new Date(at instanceof Date ? at.getTime() : String(at).replace(" ", "T"));
      if (!Number.isNaN(date.getTime())) seen.set(flag, date.toISOString());
    }
    return seen;
  }
}

import type { Exposure, IngestItem } from "@switchboard/core";
import type { EventStore } from "../store/event-store.js";

/** One stored item and the environment it belongs to: a line of the transfer format. */
export interface StoredItem {
  environment: string;
  item: IngestItem;
}

/** Which items to read. */
export interface ReadStoredItemsOptions {
  /** Only this environment; every environment when left out. */
  environment?: string;
  /** Rows read per statement; 5,000 when left out. */
  pageSize?: number;
}

type Dialect = EventStore["dialect"];

// Keyset pages in (ts, id) order, so a page never repeats or skips a row, whatever the engine's scan order.
const PAGE_SQL: Record<"events" | "exposures", Record<Dialect, string>> = {
  events: {
    duckdb: `SELECT environment, id, ts, raw FROM events
      WHERE (CAST(? AS VARCHAR) IS NULL OR environment = ?) AND (ts > CAST(? AS TIMESTAMP) OR (ts = CAST(? AS TIMESTAMP) AND id > ?))
      ORDER BY ts, id LIMIT ?`,
    clickhouse: `SELECT environment, id, ts, raw FROM events
      WHERE (isNull({p0:Nullable(String)}) OR environment = {p1:Nullable(String)})
        AND (ts > {p2:DateTime64(3, 'UTC')} OR (ts = {p3:DateTime64(3, 'UTC')} AND id > {p4:String}))
      ORDER BY ts, id LIMIT {p5:UInt32}`,
  },
  exposures: {
    duckdb: `SELECT environment, id, ts, unit, hash_attribute, flag, variation, rule_id, experiment, in_experiment, release
      FROM exposures
      WHERE (CAST(? AS VARCHAR) IS NULL OR environment = ?) AND (ts > CAST(? AS TIMESTAMP) OR (ts = CAST(? AS TIMESTAMP) AND id > ?))
      ORDER BY ts, id LIMIT ?`,
    clickhouse: `SELECT environment, id, ts, unit, hash_attribute, flag, variation, rule_id, experiment, in_experiment,
        release FROM exposures
      WHERE (isNull({p0:Nullable(String)}) OR environment = {p1:Nullable(String)})
        AND (ts > {p2:DateTime64(3, 'UTC')} OR (ts = {p3:DateTime64(3, 'UTC')} AND id > {p4:String}))
      ORDER BY ts, id LIMIT {p5:UInt32}`,
  },
};

const BEFORE_ALL = "1970-01-01T00:00:00.000Z";

/**
 * Reads every stored event and exposure of a store of any engine, oldest first (events, then exposures). An event
 * comes back as the JSON it was received as (`raw`), with its stored id and time; an exposure from its columns.
 */
export async function* readStoredItems(
  store: EventStore,
  options: ReadStoredItemsOptions = {},
): AsyncGenerator<StoredItem> {
  const pageSize = options.pageSize ?? 5000;
  const environment = options.environment ?? null;
  for (const table of ["events", "exposures"] as const) {
    let after = { ts: BEFORE_ALL, id: "" };
    for (;;) {
      const page = await store.run({
        sql: PAGE_SQL[table][store.dialect],
        params: [environment, environment, after.ts, after.ts, after.id, pageSize],
      });
      for (const row of page.rows) {
        yield { environment: String(row[0]), item: table === "events" ? eventOf(row) : exposureOf(row) };
      }
      const last = page.rows.at(-1);
      if (last === undefined || page.rows.length < pageSize) break;
      after = { ts: String(last[2]), id: String(last[1]) };
    }
  }
}

function eventOf(row: unknown[]): IngestItem {
  const [, id, ts, raw] = row;
  const parsed = typeof raw === "string" ? (JSON.parse(raw) as Record<string, unknown>) : (raw as object);
  // The stored id and time win: the server may have filled in either when the event arrived without it.
  return { ...parsed, type: "event", id: String(id), ts: String(ts) } as IngestItem;
}

function exposureOf(row: unknown[]): IngestItem {
  const [, id, ts, unit, hashAttribute, flag, variation, ruleId, experiment, inExperiment, release] = row;
  const exposure: Exposure = {
    type: "exposure",
    id: String(id),
    ts: String(ts),
    unit: String(unit),
    hashAttribute: String(hashAttribute),
    flag: String(flag),
    variation: String(variation),
    ruleId: String(ruleId),
  };
  if (experiment !== null && experiment !== undefined) exposure.experiment = String(experiment);
  if (inExperiment !== null && inExperiment !== undefined) exposure.inExperiment = inExperiment === true;
  if (release !== null && release !== undefined) exposure.release = String(release);
  return exposure;
}

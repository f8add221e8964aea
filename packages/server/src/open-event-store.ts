import { join } from "node:path";
import { type EventStore, type EventsConfig, longestRetentionDays } from "@switchboard/events";

/**
 * The event store the configuration names: ClickHouse when `SWITCHBOARD_EVENTS_URL` is set, else the DuckDB file in
 * the data folder. Each adapter is loaded only when chosen, so a server on one never loads the other's client.
 */
export async function openEventStore(eventsConfig: EventsConfig, dataDir: string): Promise<EventStore> {
  if (eventsConfig.eventsUrl !== null) {
    return openClickHouse(eventsConfig.eventsUrl, longestRetentionDays(eventsConfig));
  }
  const { DuckDbEventStore } = await import("@switchboard/events/duckdb");
  return DuckDbEventStore.open({
    path: join(dataDir, "events.duckdb"),
    readConnections: eventsConfig.readConnections,
    memoryLimit: eventsConfig.memoryLimit,
  });
}

/**
 * An event store named by a URL (`clickhouse://…`, `clickhouses://…`, `http(s)://…`) or a DuckDB file path: what
 * `switchboard events export|import` read from and write to. A ClickHouse store opened here sets no TTL.
 */
export async function openEventStoreAt(target: string): Promise<EventStore> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return openClickHouse(target, undefined);
  const { DuckDbEventStore } = await import("@switchboard/events/duckdb");
  return DuckDbEventStore.open({ path: target });
}

async function openClickHouse(url: string, ttlDays: number | undefined): Promise<EventStore> {
  const { ClickHouseEventStore, parseClickHouseUrl, redacted } = await import("@switchboard/events/clickhouse");
  const target = parseClickHouseUrl(url);
  try {
    return await ClickHouseEventStore.open({ ...target, ...(ttlDays === undefined ? {} : { ttlDays }) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The ClickHouse event store at ${redacted(url)} could not be opened: ${reason}`, { cause: error });
  }
}

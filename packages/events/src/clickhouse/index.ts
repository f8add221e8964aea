export { ClickHouseEventStore, type ClickHouseEventStoreOptions } from "./clickhouse-event-store.js";
export { applyClickHouseMigrations } from "./clickhouse-migrate.js";
export { CLICKHOUSE_MIGRATIONS } from "./clickhouse-migrations.js";
export {
  type ClickHouseTarget,
  DEFAULT_CLICKHOUSE_DATABASE,
  parseClickHouseUrl,
  redacted,
} from "./clickhouse-url.js";

export { DEFAULT_MEMORY_LIMIT, DuckDbEventStore, type DuckDbEventStoreOptions } from "./duckdb-event-store.js";
export { applyDuckDbMigrations } from "./duckdb-migrate.js";

/**
 * @switchboard/events: ingest (JSON, NDJSON, OTLP), the `EventStore` port with its fake and its DuckDB and ClickHouse
 * adapters, the query language and its SQL dialects, maintenance (retention and clustering), and the transfer of
 * stored items between stores. It depends on core only: what it needs from its host (authentication, the
 * environments, the clock, timers, a logger) comes in through `ports/`. Each adapter is its own entry point,
 * `@switchboard/events/duckdb` and `@switchboard/events/clickhouse`, so that importing the port, the fake or the
 * query language never loads an engine's binding or client.
 */
export * from "./activity/index.js";
export * from "./customers/index.js";
export * from "./events-config.js";
export * from "./ingest/index.js";
export * from "./maintenance/index.js";
export * from "./metrics/index.js";
export type * from "./ports/index.js";
export * from "./query/index.js";
export * from "./store/index.js";
export * from "./transfer/index.js";

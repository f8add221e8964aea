/**
 * @switchboard/events: ingest (JSON, NDJSON, OTLP), the `EventStore` port with its fake and its DuckDB adapter, the
 * query language and its SQL dialects, and maintenance (retention and clustering). It depends on core only: what it
 * needs from its host (authentication, the environments, the clock, timers, a logger) comes in through `ports/`.
 * The DuckDB adapter is its own entry point, `@switchboard/events/duckdb`, so that importing the port, the fake or
 * the query language never loads the engine's native binding.
 */
export * from "./customers/index.js";
export * from "./events-config.js";
export * from "./ingest/index.js";
export * from "./maintenance/index.js";
export * from "./metrics/index.js";
export type * from "./ports/index.js";
export * from "./query/index.js";
export * from "./store/index.js";

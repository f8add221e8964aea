export * from "./events-config.js";
export * from "./ingest/ingest-routes.js";
export * from "./maintenance/maintenance-runner.js";
export * from "./query/query-schema.js";
export * from "./query/query-service.js";
export * from "./store/duckdb-event-store.js";
export * from "./store/event-store.js";

export { compileQuery } from "./compile-query.js";
export { clickHouseDialect } from "./dialects/clickhouse-dialect.js";
export type { Dialect } from "./dialects/dialect.js";
export { dialectFor } from "./dialects/dialect-for.js";
export { duckDbDialect } from "./dialects/duckdb-dialect.js";
export { createQueryService, type QueryRouteDeps, queryRoutes } from "./query-routes.js";
export * from "./query-schema.js";
export { type QueryResult, QueryService, type QueryServiceOptions } from "./query-service.js";
export { validateQuery } from "./validate-query.js";

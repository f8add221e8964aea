import { clickHouseDialect } from "./clickhouse-dialect.js";
import type { Dialect } from "./dialect.js";
import { duckDbDialect } from "./duckdb-dialect.js";

/** The dialect of an event store. */
export function dialectFor(name: "duckdb" | "clickhouse"): Dialect {
  return name === "duckdb" ? duckDbDialect : clickHouseDialect;
}

/** One versioned schema step of the DuckDB event store, applied once at open in version order. */
export interface EventMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * The DuckDB event schema (documented column by column in docs/events.md). `day` is the logical partition: retention
 * deletes whole days, and the ClickHouse adapter turns it into `PARTITION BY day`.
 */
export const DUCKDB_MIGRATIONS: readonly EventMigration[] = [
  {
    version: 1,
    name: "events",
    statements: [
      `CREATE TABLE events (
         id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         name VARCHAR NOT NULL,
         unit VARCHAR,
         release VARCHAR,
         duration_ms DOUBLE,
         status VARCHAR,
         flags VARCHAR[],
         variations VARCHAR[],
         attr_keys VARCHAR[],
         attr_str VARCHAR[],
         attr_num DOUBLE[],
         span_names VARCHAR[],
         span_ms DOUBLE[],
         span_count BIGINT[],
         counter_names VARCHAR[],
         counter_values DOUBLE[],
         message_count INTEGER NOT NULL,
         batch_id VARCHAR NOT NULL,
         raw JSON NOT NULL)`,
      `CREATE TABLE assignments (
         event_id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         release VARCHAR,
         flag VARCHAR NOT NULL,
         variation VARCHAR NOT NULL)`,
      `CREATE TABLE event_messages (
         event_id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         release VARCHAR,
         name VARCHAR NOT NULL,
         at_ms DOUBLE,
         text VARCHAR NOT NULL)`,
      `CREATE TABLE exposures (
         id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         unit VARCHAR NOT NULL,
         hash_attribute VARCHAR NOT NULL,
         flag VARCHAR NOT NULL,
         variation VARCHAR NOT NULL,
         rule_id VARCHAR NOT NULL,
         experiment VARCHAR,
         in_experiment BOOLEAN,
         release VARCHAR,
         batch_id VARCHAR NOT NULL)`,
      `CREATE TABLE ingest_batches (
         batch_id VARCHAR PRIMARY KEY,
         environment VARCHAR NOT NULL,
         received_at TIMESTAMPTZ NOT NULL,
         items INTEGER NOT NULL)`,
    ],
  },
];

/** The bookkeeping table of applied versions. */
export const MIGRATIONS_TABLE_SQL =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

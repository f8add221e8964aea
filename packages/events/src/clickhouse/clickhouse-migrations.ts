/** One versioned schema step of the ClickHouse event store, applied once at open in version order. */
export interface ClickHouseMigration {
  version: number;
  name: string;
  /**
   * Statements that may run again without harm (`IF NOT EXISTS`): several servers starting at once on one ClickHouse
   * may apply the same step side by side, since ClickHouse has no transactional DDL to serialise them.
   */
  statements: readonly string[];
}

// Every event table is partitioned by day (retention and TTL drop whole parts), keeps a window of insert tokens so a
// retried insert with the same `insert_deduplication_token` is dropped by the engine, and lets TTL drop whole parts
// instead of rewriting them.
const EVENT_TABLE_SETTINGS = "SETTINGS non_replicated_deduplication_window = 100000, ttl_only_drop_parts = 1";

/**
 * The ClickHouse event schema: the same tables and column names as the DuckDB layout (so the query compiler's
 * statements read both), in ClickHouse's types. The `assignments` bridge (one row per event and flag, with the
 * event's measures) is sorted by (environment, flag, variation, ts), so a per-flag or per-variation slice reads a
 * narrow range of one table; exposures likewise. `fields` and `assignment` are free `Map` views over the parallel
 * lists for hand-written SQL (`fields['http.route']`).
 */
export const CLICKHOUSE_MIGRATIONS: readonly ClickHouseMigration[] = [
  {
    version: 1,
    name: "events, assignments, messages, exposures, batches",
    statements: [
      `CREATE TABLE IF NOT EXISTS events (
         id String,
         ts DateTime64(3, 'UTC'),
         day Date,
         environment LowCardinality(String),
         name LowCardinality(String),
         unit Nullable(String),
         release LowCardinality(Nullable(String)),
         duration_ms Nullable(Float64),
         status LowCardinality(Nullable(String)),
         flags Array(LowCardinality(String)),
         variations Array(LowCardinality(String)),
         attr_keys Array(LowCardinality(String)),
         attr_str Array(Nullable(String)),
         attr_num Array(Nullable(Float64)),
         span_names Array(LowCardinality(String)),
         span_ms Array(Float64),
         span_count Array(Int64),
         counter_names Array(LowCardinality(String)),
         counter_values Array(Float64),
         message_count UInt32,
         batch_id String,
         raw String CODEC(ZSTD(3)),
         fields Map(String, Nullable(String)) ALIAS mapFromArrays(CAST(attr_keys, 'Array(String)'), attr_str),
         assignment Map(String, String) ALIAS mapFromArrays(CAST(flags, 'Array(String)'), CAST(variations, 'Array(String)'))
       ) ENGINE = MergeTree PARTITION BY day ORDER BY (environment, name, ts) ${EVENT_TABLE_SETTINGS}`,
      `CREATE TABLE IF NOT EXISTS assignments (
         event_id String,
         ts DateTime64(3, 'UTC'),
         day Date,
         environment LowCardinality(String),
         release LowCardinality(Nullable(String)),
         flag LowCardinality(String),
         variation LowCardinality(String),
         name LowCardinality(String),
         unit Nullable(String),
         status LowCardinality(Nullable(String)),
         duration_ms Nullable(Float64),
         span_names Array(LowCardinality(String)),
         span_ms Array(Float64),
         span_count Array(Int64),
         message_texts Array(String)
       ) ENGINE = MergeTree PARTITION BY day ORDER BY (environment, flag, variation, ts) ${EVENT_TABLE_SETTINGS}`,
      `CREATE TABLE IF NOT EXISTS event_messages (
         event_id String,
         ts DateTime64(3, 'UTC'),
         day Date,
         environment LowCardinality(String),
         release LowCardinality(Nullable(String)),
         name LowCardinality(String),
         at_ms Nullable(Float64),
         text String
       ) ENGINE = MergeTree PARTITION BY day ORDER BY (environment, ts) ${EVENT_TABLE_SETTINGS}`,
      `CREATE TABLE IF NOT EXISTS exposures (
         id String,
         ts DateTime64(3, 'UTC'),
         day Date,
         environment LowCardinality(String),
         unit String,
         hash_attribute LowCardinality(String),
         flag LowCardinality(String),
         variation LowCardinality(String),
         rule_id LowCardinality(String),
         experiment LowCardinality(Nullable(String)),
         in_experiment Nullable(Bool),
         release LowCardinality(Nullable(String)),
         batch_id String
       ) ENGINE = MergeTree PARTITION BY day ORDER BY (environment, flag, variation, ts) ${EVENT_TABLE_SETTINGS}`,
      // The idempotency record: one row per stored batch, written after its rows. Any server reads it, so a retry
      // that reaches another server is still answered as a duplicate.
      `CREATE TABLE IF NOT EXISTS ingest_batches (
         environment LowCardinality(String),
         key_kind LowCardinality(String),
         batch_id String,
         received_at DateTime64(3, 'UTC'),
         items UInt32
       ) ENGINE = ReplacingMergeTree ORDER BY (environment, key_kind, batch_id)
       SETTINGS non_replicated_deduplication_window = 100000`,
      // Which days optimize() last merged, and how many rows they had then (the latest row per key wins).
      `CREATE TABLE IF NOT EXISTS clustered_days (
         tbl LowCardinality(String),
         day Date,
         row_count UInt64,
         version UInt64
       ) ENGINE = ReplacingMergeTree(version) ORDER BY (tbl, day)`,
    ],
  },
];

/** The bookkeeping table of applied versions. */
export const CLICKHOUSE_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree ORDER BY version`;

/** Tables whose rows carry a `day`: retention and TTL act on them. */
export const CLICKHOUSE_DAY_TABLES = ["events", "assignments", "event_messages", "exposures"] as const;

/** One versioned schema step of the DuckDB event store, applied once at open in version order. */
export interface EventMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

// The version 1 columns of the tables that later versions rebuild (ts was TIMESTAMPTZ there).
const V1_COLUMNS = {
  events: `
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
         raw JSON NOT NULL`,
  event_messages: `
         event_id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         release VARCHAR,
         name VARCHAR NOT NULL,
         at_ms DOUBLE,
         text VARCHAR NOT NULL`,
  exposures: `
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
         batch_id VARCHAR NOT NULL`,
} as const;

// One row per (event, flag), carrying the event's typed measures and span totals, so that per-variation
// aggregates read this narrow table (sorted by flag, variation, ts) without touching `events`.
const ASSIGNMENT_COLUMNS = `
  event_id VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  day DATE NOT NULL,
  environment VARCHAR NOT NULL,
  release VARCHAR,
  flag VARCHAR NOT NULL,
  variation VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  unit VARCHAR,
  status VARCHAR,
  duration_ms DOUBLE,
  span_names VARCHAR[],
  span_ms DOUBLE[],
  span_count BIGINT[]`;

// Rebuilds a version 1 table with ts as plain TIMESTAMP in UTC. A copy rather than ALTER … USING: DuckDB cannot
// replay an ALTER with an expression from its write-ahead log.
function withUtcTimestamp(table: keyof typeof V1_COLUMNS): string[] {
  return [
    `CREATE TABLE ${table}_v2 (${V1_COLUMNS[table].replace("ts TIMESTAMPTZ", "ts TIMESTAMP")})`,
    `INSERT INTO ${table}_v2 SELECT * REPLACE (make_timestamp(epoch_us(ts)) AS ts) FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}_v2 RENAME TO ${table}`,
  ];
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
      `CREATE TABLE events (${V1_COLUMNS.events})`,
      `CREATE TABLE assignments (
         event_id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         day DATE NOT NULL,
         environment VARCHAR NOT NULL,
         release VARCHAR,
         flag VARCHAR NOT NULL,
         variation VARCHAR NOT NULL)`,
      `CREATE TABLE event_messages (${V1_COLUMNS.event_messages})`,
      `CREATE TABLE exposures (${V1_COLUMNS.exposures})`,
      `CREATE TABLE ingest_batches (
         batch_id VARCHAR PRIMARY KEY,
         environment VARCHAR NOT NULL,
         received_at TIMESTAMPTZ NOT NULL,
         items INTEGER NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: "utc timestamps and a covering assignments table",
    statements: [
      // Plain TIMESTAMP (UTC by convention): with TIMESTAMPTZ every bucket and cast goes through time-zone code.
      ...withUtcTimestamp("events"),
      ...withUtcTimestamp("event_messages"),
      ...withUtcTimestamp("exposures"),
      "DROP TABLE assignments",
      `CREATE TABLE assignments (${ASSIGNMENT_COLUMNS})`,
      `INSERT INTO assignments
         SELECT id, ts, day, environment, release, unnest(flags), unnest(variations), name, unit, status, duration_ms,
           span_names, span_ms, span_count
         FROM events ORDER BY 6, 7, 2`,
    ],
  },
  {
    version: 3,
    name: "clustered days",
    statements: [
      // Which days of assignments/exposures optimize() last wrote sorted, and how many rows they had then.
      `CREATE TABLE clustered_days (
         tbl VARCHAR NOT NULL,
         day DATE NOT NULL,
         row_count BIGINT NOT NULL,
         PRIMARY KEY (tbl, day))`,
    ],
  },
  {
    version: 4,
    name: "message texts on the assignments table",
    statements: [
      // "Messages only in B" then reads one flag's rows of the bridge table instead of joining every message.
      "ALTER TABLE assignments ADD COLUMN message_texts VARCHAR[]",
      `UPDATE assignments SET message_texts = m.texts
         FROM (SELECT event_id, list(text ORDER BY at_ms) AS texts FROM event_messages GROUP BY event_id) m
         WHERE assignments.event_id = m.event_id`,
    ],
  },
  {
    version: 5,
    name: "batch ids scoped by environment and key kind",
    statements: [
      // A batch id was unique across environments, so one environment (or a public client key) could make another's
      // batch count as a retry and be dropped. Rows from before keep their environment and match any key kind
      // ("any"), so a retry of a batch stored before the upgrade is still recognised.
      `CREATE TABLE ingest_batches_v5 (
         environment VARCHAR NOT NULL,
         key_kind VARCHAR NOT NULL,
         batch_id VARCHAR NOT NULL,
         received_at TIMESTAMPTZ NOT NULL,
         items INTEGER NOT NULL,
         PRIMARY KEY (environment, key_kind, batch_id))`,
      `INSERT INTO ingest_batches_v5 SELECT environment, 'any', batch_id, received_at, items FROM ingest_batches`,
      "DROP TABLE ingest_batches",
      "ALTER TABLE ingest_batches_v5 RENAME TO ingest_batches",
    ],
  },
  {
    version: 6,
    name: "sample rates",
    statements: [
      // How many events each row stands for (the SDK kept 1 in N): every aggregate weights by it. Rows from before
      // sampling stand for themselves.
      "ALTER TABLE events ADD COLUMN sample_rate DOUBLE DEFAULT 1",
      "ALTER TABLE assignments ADD COLUMN sample_rate DOUBLE DEFAULT 1",
    ],
  },
];

/** The bookkeeping table of applied versions. */
export const MIGRATIONS_TABLE_SQL =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

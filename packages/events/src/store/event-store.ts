import type { IngestItem } from "@switchboard/core";

/** The kinds of key that may send events; each has its own `Idempotency-Key` space per environment. */
export type IngestKeyKind = "server-sdk" | "client-sdk" | "admin";

/** One ingest batch as the writer receives it: validated items, the environment of the SDK key, and its id. */
export interface EventBatch {
  /**
   * The `Idempotency-Key` of the request (or one the server generated): a batch id is stored at most once per
   * environment and key kind.
   */
  batchId: string;
  environment: string;
  /** The kind of key that sent the batch; `server-sdk` when left out (batches written by the server itself). */
  keyKind?: IngestKeyKind;
  items: readonly IngestItem[];
  /**
   * The JSON text of each item as received (same order as `items`), when the body carried one per item: the store
   * keeps it as the item's `raw` instead of serialising the item again.
   */
  rawTexts?: readonly string[];
}

/** What became of one appended batch. */
export interface AppendResult {
  /** Items stored by this call (0 when the batch was a duplicate). */
  stored: number;
  /** True when a batch with this id had already been stored: nothing was written again. */
  duplicate: boolean;
}

/** A parameterised statement in the store's dialect; parameters are positional (`?` for DuckDB, `{pN:Type}` for ClickHouse). */
export interface SqlStatement {
  sql: string;
  params: readonly unknown[];
}

/** A query result in column order; values are plain JSON-friendly JavaScript values (numbers, strings, ISO timestamps, arrays). */
export interface QueryRows {
  columns: string[];
  rows: unknown[][];
}

/** How a read statement runs. */
export interface RunOptions {
  /** Aborting it cancels the statement in the engine (a query that ran out of time), not only the wait for it. */
  signal?: AbortSignal;
}

/** How long and how much to keep: the default applies to every environment without its own entry. */
export interface RetentionPolicy {
  /** Events, exposures and their side rows older than this many days (by `day`) are deleted. */
  maxAgeDays: number;
  /** When an environment holds more events than this, its oldest days are deleted until it fits; 0 = no limit. */
  maxEventsPerEnvironment: number;
  /** Per-environment overrides by environment key. */
  environments?: Readonly<Record<string, { maxAgeDays?: number; maxEventsPerEnvironment?: number }>>;
  /** The current time, passed in so that a fake clock drives retention in tests. */
  now: Date;
}

/** What one retention pass deleted. */
export interface RetentionResult {
  deletedEvents: number;
  deletedExposures: number;
}

/** Which days `optimize` may re-cluster. */
export interface OptimizeOptions {
  /** Only days strictly before this day (UTC) — e.g. the start of today, to leave the day still being written. */
  before?: Date;
}

/** What one `optimize` pass re-clustered. */
export interface OptimizeResult {
  days: number;
  rows: number;
}

/** Row counts and size of the store, for `/readyz`, the CLI and retention by size. */
export interface EventStoreStats {
  events: number;
  exposures: number;
  assignments: number;
  messages: number;
  batches: number;
  /** Events per environment. */
  eventsByEnvironment: Record<string, number>;
  /** Bytes on disk when the engine knows it (the database file), else null. */
  bytes: number | null;
}

/**
 * The store of raw events and exposures (the port); `DuckDbEventStore` is the embedded adapter, a ClickHouse adapter
 * implements the same contract (`event-store.contract.ts`). The tables it exposes to `run` are documented in
 * docs/events.md.
 */
export interface EventStore {
  /** The SQL dialect that `run` statements must be written in. */
  readonly dialect: "duckdb" | "clickhouse";
  /** Stores a batch durably (resolves only after commit) and at most once per batch id. */
  append(batch: EventBatch): Promise<AppendResult>;
  /** Runs one parameterised read statement (compiled by the query compiler) and returns its rows. */
  run(statement: SqlStatement, options?: RunOptions): Promise<QueryRows>;
  /** Deletes what the policy no longer keeps. */
  applyRetention(policy: RetentionPolicy): Promise<RetentionResult>;
  /**
   * Re-clusters, for fast per-variation reads, every day whose rows changed since it was last clustered (the
   * assignment and exposure tables by flag, variation, ts); safe to call any time, concurrent appends keep working.
   */
  optimize(options?: OptimizeOptions): Promise<OptimizeResult>;
  stats(): Promise<EventStoreStats>;
  /** Finishes pending writes and releases the engine; further calls fail. */
  close(): Promise<void>;
}

import { randomUUID } from "node:crypto";
import { rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { IngestItem } from "@switchboard/core";
import type {
  AppendResult,
  EventBatch,
  EventStore,
  EventStoreStats,
  IngestKeyKind,
  OptimizeOptions,
  OptimizeResult,
  QueryRows,
  RetentionPolicy,
  RetentionResult,
  RunOptions,
  SqlStatement,
} from "../store/event-store.js";
import { GroupCommit } from "../store/group-commit.js";
import { SerialQueue } from "../store/serial-queue.js";
import { stagingLine } from "../store/staging-line.js";
import { clusterDuckDbDays } from "./duckdb-clustering.js";
import { applyDuckDbMigrations } from "./duckdb-migrate.js";
import { DEFAULT_READ_CONNECTIONS, DuckDbReadPool } from "./duckdb-read-pool.js";
import { applyDuckDbRetention } from "./duckdb-retention.js";
import { INSERT_FROM_STAGING_SQL, LOAD_STAGING_SQL } from "./duckdb-staging-sql.js";
import { duckDbParam } from "./duckdb-values.js";

/** Where and how to open the DuckDB event store. */
export interface DuckDbEventStoreOptions {
  /** The database file, or `:memory:` (tests only: nothing survives). */
  path: string;
  /** Directory for staging files handed to DuckDB's reader; the OS temp directory by default. */
  stagingDir?: string;
  /** DuckDB worker threads; DuckDB's default (one per core) when left out. */
  threads?: number;
  /**
   * DuckDB's `memory_limit` (e.g. `"1GB"`): the buffer pool, joins and sorts stay under it and spill to
   * `<path>.tmp` beyond it, so the server's memory stays bounded whatever the query. `DEFAULT_MEMORY_LIMIT` when
   * left out.
   */
  memoryLimit?: string;
  /** Connections that run queries side by side; `DEFAULT_READ_CONNECTIONS` when left out. */
  readConnections?: number;
}

/** The key kind of batch ids recorded before they were scoped by it (schema version 5): they match every kind. */
const LEGACY_KEY_KIND = "any";

/** One batch id's deduplication scope as a set member. */
function batchScope(environment: unknown, keyKind: unknown, batchId: unknown): string {
  return JSON.stringify([environment, keyKind, batchId]);
}

/** The DuckDB memory limit of the event store unless its options name another. */
export const DEFAULT_MEMORY_LIMIT = "1GB";

interface StagedBatch {
  batchId: string;
  environment: string;
  keyKind: IngestKeyKind;
  items: number;
  lines: string;
}

/**
 * The embedded event store: a DuckDB file. Concurrent appends are grouped into one transaction each time the
 * writer is free, and loaded through DuckDB's native NDJSON reader from a staging file.
 */
export class DuckDbEventStore implements EventStore {
  readonly dialect = "duckdb" as const;
  private readonly writer: GroupCommit<StagedBatch, AppendResult>;
  // Retention and clustering run one at a time on their own connection: their transactions only delete and re-insert
  // existing rows, which never conflict with appends, so ingest keeps flowing while they run.
  private readonly maintenance = new SerialQueue();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writeConnection: DuckDBConnection,
    private readonly reads: DuckDbReadPool,
    private readonly maintenanceConnection: DuckDBConnection,
    private readonly options: DuckDbEventStoreOptions,
  ) {
    this.writer = new GroupCommit((batches) => this.writeGroup(batches));
  }

  /** Opens (creating if needed) the database and brings its schema up to date. */
  static async open(options: DuckDbEventStoreOptions): Promise<DuckDbEventStore> {
    const config: Record<string, string> = { memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
    if (options.threads !== undefined) config["threads"] = String(options.threads);
    const instance = await DuckDBInstance.create(options.path, config);
    const writeConnection = await instance.connect();
    const maintenanceConnection = await instance.connect();
    await applyDuckDbMigrations(writeConnection);
    const reads = await DuckDbReadPool.open(instance, options.readConnections ?? DEFAULT_READ_CONNECTIONS);
    return new DuckDbEventStore(instance, writeConnection, reads, maintenanceConnection, options);
  }

  async append(batch: EventBatch): Promise<AppendResult> {
    this.assertOpen();
    let lines = "";
    const { items, rawTexts, environment, batchId } = batch;
    for (let i = 0; i < items.length; i++) {
      lines += `${stagingLine(items[i] as IngestItem, environment, batchId, rawTexts?.[i])}\n`;
    }
    return this.writer.submit({
      batchId: batch.batchId,
      environment: batch.environment,
      keyKind: batch.keyKind ?? "server-sdk",
      items: batch.items.length,
      lines,
    });
  }

  async run(statement: SqlStatement, options: RunOptions = {}): Promise<QueryRows> {
    this.assertOpen();
    return this.reads.run(statement, options);
  }

  async applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    this.assertOpen();
    return this.maintenance.run(() => applyDuckDbRetention(this.maintenanceConnection, policy));
  }

  async optimize(options: OptimizeOptions = {}): Promise<OptimizeResult> {
    this.assertOpen();
    return this.maintenance.run(() => clusterDuckDbDays(this.maintenanceConnection, options));
  }

  async stats(): Promise<EventStoreStats> {
    this.assertOpen();
    const count = async (table: string): Promise<number> =>
      Number((await this.run({ sql: `SELECT count(*) FROM ${table}`, params: [] })).rows[0]?.[0] ?? 0);
    const byEnvironment = await this.run({
      sql: "SELECT environment, count(*) FROM events GROUP BY environment ORDER BY environment",
      params: [],
    });
    return {
      events: await count("events"),
      exposures: await count("exposures"),
      assignments: await count("assignments"),
      messages: await count("event_messages"),
      batches: await count("ingest_batches"),
      eventsByEnvironment: Object.fromEntries(byEnvironment.rows.map(([env, n]) => [String(env), Number(n)])),
      bytes: await this.fileBytes(),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writer.idle();
    await this.maintenance.idle();
    this.closed = true;
    this.reads.close();
    this.maintenanceConnection.closeSync();
    this.writeConnection.closeSync();
    this.instance.closeSync();
  }

  private async writeGroup(batches: StagedBatch[]): Promise<AppendResult[]> {
    const fresh = await this.freshBatches(batches);
    const results = batches.map((batch, index) =>
      fresh.has(index) ? { stored: batch.items, duplicate: false } : { stored: 0, duplicate: true },
    );
    if (fresh.size === 0) return results;
    const stored = batches.filter((_, index) => fresh.has(index));
    const path = join(this.options.stagingDir ?? tmpdir(), `switchboard-staging-${randomUUID()}.ndjson`);
    await writeFile(path, stored.map((batch) => batch.lines).join(""));
    try {
      await this.inTransaction(async () => {
        await this.writeConnection.run(LOAD_STAGING_SQL, [path]);
        for (const sql of INSERT_FROM_STAGING_SQL) await this.writeConnection.run(sql);
        await this.recordBatches(stored);
      });
    } finally {
      await rm(path, { force: true });
    }
    return results;
  }

  /**
   * Indexes of the batches not stored yet, by (environment, key kind, batch id); a batch repeated inside the group
   * counts once. Rows recorded before batch ids were scoped by key kind match every kind of their environment.
   */
  private async freshBatches(batches: StagedBatch[]): Promise<Set<number>> {
    const ids = batches.map((batch) => batch.batchId);
    const reader = await this.writeConnection.runAndReadAll(
      "SELECT environment, key_kind, batch_id FROM ingest_batches WHERE list_contains(?, batch_id)",
      [duckDbParam(ids)],
    );
    const seen = new Set(reader.getRowsJS().map(([environment, keyKind, id]) => batchScope(environment, keyKind, id)));
    const fresh = new Set<number>();
    batches.forEach((batch, index) => {
      const scope = batchScope(batch.environment, batch.keyKind, batch.batchId);
      if (seen.has(scope) || seen.has(batchScope(batch.environment, LEGACY_KEY_KIND, batch.batchId))) return;
      seen.add(scope);
      fresh.add(index);
    });
    return fresh;
  }

  private async recordBatches(batches: StagedBatch[]): Promise<void> {
    const values = batches.map(() => "(?, ?, ?, now(), ?)").join(", ");
    const params = batches.flatMap((batch) => [batch.environment, batch.keyKind, batch.batchId, batch.items]);
    await this.writeConnection.run(
      `INSERT INTO ingest_batches (environment, key_kind, batch_id, received_at, items) VALUES ${values}`,
      params,
    );
  }

  private async inTransaction(work: () => Promise<void>): Promise<void> {
    await this.writeConnection.run("BEGIN TRANSACTION");
    try {
      await work();
      await this.writeConnection.run("COMMIT");
    } catch (error) {
      await this.writeConnection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  private async fileBytes(): Promise<number | null> {
    if (this.options.path === ":memory:") return null;
    const sizes = await Promise.all(
      [this.options.path, `${this.options.path}.wal`].map((file) =>
        stat(file).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("The event store is closed.");
  }
}

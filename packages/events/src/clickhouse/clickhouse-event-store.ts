import { createHash } from "node:crypto";
import { type ClickHouseClient, ClickHouseLogLevel, type ClickHouseSettings, createClient } from "@clickhouse/client";
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
import { SerialQueue } from "../store/serial-queue.js";
import {
  applyClickHouseRetention,
  type ClickHouseStatements,
  optimizeClickHouseDays,
} from "./clickhouse-maintenance.js";
import { applyClickHouseMigrations } from "./clickhouse-migrate.js";
import { CLICKHOUSE_DAY_TABLES } from "./clickhouse-migrations.js";
import { clickHouseTime, type TableRows, tableRows } from "./clickhouse-rows.js";
import type { ClickHouseTarget } from "./clickhouse-url.js";
import { plainConverter, queryParams } from "./clickhouse-values.js";

/** Where and how to open the ClickHouse event store. */
export interface ClickHouseEventStoreOptions extends ClickHouseTarget {
  /**
   * Days after which ClickHouse itself drops a day's parts (table TTL on `day`), as a backstop for the retention pass;
   * give the longest age any environment keeps. No TTL when left out.
   */
  ttlDays?: number;
  /** Milliseconds one HTTP request may take (a long query, a large insert); 300 s when left out. */
  requestTimeoutMs?: number;
  /** Sockets kept open to ClickHouse, so queries and inserts run side by side; 16 when left out. */
  maxOpenConnections?: number;
}

/**
 * Pinned on every insert, whatever the server's or the user profile's defaults: an insert is answered only once its
 * rows are in parts on disk (no async-insert buffer that a crash would lose — the embedded engine even defaults to
 * `async_insert = 1`), and a block whose `insert_deduplication_token` was seen before is dropped, so a retried batch
 * is stored once.
 */
const INSERT_SETTINGS: ClickHouseSettings = {
  async_insert: 0,
  wait_for_async_insert: 1,
  insert_deduplicate: 1,
};

/**
 * Pinned on every read: numbers as JSON numbers (servers quote 64-bit integers by default, the embedded engine does
 * not), and a query whose client went away (a timed-out request) is cancelled in the engine.
 */
const READ_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_denormals: 0,
  cancel_http_readonly_queries_on_client_close: 1,
  // BubbleUp's grouping masks follow the SQL standard (1 = aggregated away), ClickHouse's default since 22.9.
  force_grouping_standard_compatibility: 1,
};

/** Pinned on deletes and merges: they return once applied (on every replica, where there are several). */
const MUTATION_SETTINGS: ClickHouseSettings = { mutations_sync: "2", lightweight_deletes_sync: "2" };

/**
 * The scale-out event store: ClickHouse over its HTTP interface, through the official client. Several servers may
 * share it. A batch is stored once across all of them: its rows are inserted with deterministic deduplication tokens
 * (derived from environment, key kind and batch id), so a retry that reaches any server after a partial or
 * unacknowledged write is dropped by ClickHouse itself, and its `ingest_batches` row, written last, answers later
 * retries as duplicates.
 */
export class ClickHouseEventStore implements EventStore {
  readonly dialect = "clickhouse" as const;
  private readonly maintenance = new SerialQueue();
  // Appends of one batch id in this process run one after the other, so the second sees the first's record.
  private readonly inFlight = new Map<string, Promise<AppendResult>>();
  private closed = false;

  private constructor(private readonly client: ClickHouseClient) {}

  /** Connects, creates the database when missing, and brings the schema up to date. */
  static async open(options: ClickHouseEventStoreOptions): Promise<ClickHouseEventStore> {
    const common = {
      url: options.url,
      username: options.username,
      password: options.password,
      request_timeout: options.requestTimeoutMs ?? 300_000,
      max_open_connections: options.maxOpenConnections ?? 16,
      // The store reports failures through its promises; the client would log each one a second time.
      log: { level: ClickHouseLogLevel.OFF },
      application: "switchboard",
    };
    const bootstrap = createClient(common);
    try {
      const exists = await bootstrap.query({
        query: "SELECT count() FROM system.databases WHERE name = {db:String}",
        query_params: { db: options.database },
        format: "JSONCompactEachRow",
        clickhouse_settings: READ_SETTINGS,
      });
      const [[found] = [0]] = await exists.json<[number]>();
      if (Number(found) === 0) {
        await bootstrap.command({
          query: "CREATE DATABASE IF NOT EXISTS {db:Identifier}",
          query_params: { db: options.database },
        });
      }
    } finally {
      await bootstrap.close();
    }
    const client = createClient({ ...common, database: options.database });
    try {
      const store = new ClickHouseEventStore(client);
      await applyClickHouseMigrations(store.statements);
      if (options.ttlDays !== undefined) await store.setTtl(options.ttlDays);
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async append(batch: EventBatch): Promise<AppendResult> {
    this.assertOpen();
    const keyKind = batch.keyKind ?? "server-sdk";
    const scope = JSON.stringify([batch.environment, keyKind, batch.batchId]);
    const previous = this.inFlight.get(scope);
    const write = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.writeBatch(batch, keyKind));
    this.inFlight.set(scope, write);
    const settle = () => {
      if (this.inFlight.get(scope) === write) this.inFlight.delete(scope);
    };
    write.then(settle, settle);
    return write;
  }

  async run(statement: SqlStatement, options: RunOptions = {}): Promise<QueryRows> {
    this.assertOpen();
    const result = await this.client.query({
      query: statement.sql,
      query_params: queryParams(statement.sql, statement.params),
      format: "JSONCompactEachRowWithNamesAndTypes",
      clickhouse_settings: READ_SETTINGS,
      ...(options.signal === undefined ? {} : { abort_signal: options.signal }),
    });
    const [names = [], types = [], ...rows] = await result.json<unknown[]>();
    const converters = (types as string[]).map(plainConverter);
    return {
      columns: (names as unknown[]).map(String),
      rows: rows.map((row) => row.map((value, i) => (converters[i] ?? ((v: unknown) => v))(value))),
    };
  }

  async applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    this.assertOpen();
    return this.maintenance.run(() => applyClickHouseRetention(this.statements, policy));
  }

  async optimize(options: OptimizeOptions = {}): Promise<OptimizeResult> {
    this.assertOpen();
    return this.maintenance.run(() => optimizeClickHouseDays(this.statements, options));
  }

  async stats(): Promise<EventStoreStats> {
    this.assertOpen();
    const [counts] = await this.statements.rows(
      `SELECT (SELECT count() FROM events), (SELECT count() FROM exposures), (SELECT count() FROM assignments),
         (SELECT count() FROM event_messages), (SELECT count() FROM ingest_batches FINAL),
         (SELECT sum(bytes_on_disk) FROM system.parts WHERE database = currentDatabase() AND active)`,
      {},
    );
    const byEnvironment = await this.statements.rows(
      "SELECT environment, count() FROM events GROUP BY environment ORDER BY environment",
      {},
    );
    const [events, exposures, assignments, messages, batches, bytes] = (counts ?? []).map(Number);
    return {
      events: events ?? 0,
      exposures: exposures ?? 0,
      assignments: assignments ?? 0,
      messages: messages ?? 0,
      batches: batches ?? 0,
      eventsByEnvironment: Object.fromEntries(byEnvironment.map(([env, n]) => [String(env), Number(n)])),
      bytes: bytes ?? null,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.maintenance.idle();
    await this.client.close();
  }

  /** Reads and statements with named server-side parameters, for migrations and maintenance. */
  private readonly statements: ClickHouseStatements = {
    rows: (sql, params) => this.namedRows(sql, params),
    command: async (sql, params) => {
      await this.client.command({ query: sql, query_params: params, clickhouse_settings: MUTATION_SETTINGS });
    },
  };

  private async namedRows(sql: string, params: Record<string, unknown>): Promise<unknown[][]> {
    const result = await this.client.query({
      query: sql,
      query_params: params,
      format: "JSONCompactEachRow",
      clickhouse_settings: READ_SETTINGS,
    });
    return result.json<unknown[]>();
  }

  private async writeBatch(batch: EventBatch, keyKind: IngestKeyKind): Promise<AppendResult> {
    this.assertOpen();
    if (await this.isStored(batch.environment, keyKind, batch.batchId)) return { stored: 0, duplicate: true };
    const token = dedupToken(batch.environment, keyKind, batch.batchId);
    const rows = tableRows(batch.items, batch.environment, batch.batchId, batch.rawTexts);
    await Promise.all(
      (Object.keys(rows) as (keyof TableRows)[])
        .filter((table) => rows[table].length > 0)
        .map((table) =>
          this.client.insert({
            table,
            values: rows[table],
            format: "JSONEachRow",
            clickhouse_settings: { ...INSERT_SETTINGS, insert_deduplication_token: `${token}:${table}` },
          }),
        ),
    );
    // Written last: its presence means every row of the batch is stored.
    await this.client.insert({
      table: "ingest_batches",
      values: [
        {
          environment: batch.environment,
          key_kind: keyKind,
          batch_id: batch.batchId,
          received_at: clickHouseTime(Date.now()),
          items: batch.items.length,
        },
      ],
      format: "JSONEachRow",
      clickhouse_settings: { ...INSERT_SETTINGS, insert_deduplication_token: `${token}:batch` },
    });
    return { stored: batch.items.length, duplicate: false };
  }

  private async isStored(environment: string, keyKind: IngestKeyKind, batchId: string): Promise<boolean> {
    const rows = await this.namedRows(
      `SELECT count() FROM ingest_batches WHERE environment = {environment:String}
         AND key_kind = {keyKind:String} AND batch_id = {batchId:String}`,
      { environment, keyKind, batchId },
    );
    return Number(rows[0]?.[0] ?? 0) > 0;
  }

  private async setTtl(days: number): Promise<void> {
    if (!Number.isInteger(days) || days < 1)
      throw new Error(`The event TTL must be a whole number of days (got ${days})`);
    // An integer checked above: the only value in this DDL, which takes no parameters.
    for (const table of CLICKHOUSE_DAY_TABLES) {
      await this.client.command({
        query: `ALTER TABLE ${table} MODIFY TTL day + toIntervalDay(${days})`,
        clickhouse_settings: { materialize_ttl_after_modify: 0, ...MUTATION_SETTINGS },
      });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("The event store is closed.");
  }
}

/** The insert-deduplication token of a batch: the same on every server and every retry (`:table` is appended). */
export function dedupToken(environment: string, keyKind: string, batchId: string): string {
  return createHash("sha256")
    .update(JSON.stringify([environment, keyKind, batchId]))
    .digest("hex");
}

import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { QueryRows, RunOptions, SqlStatement } from "../store/event-store.js";
import { duckDbParams, plainValue } from "./duckdb-values.js";

/** Read connections of the event store unless its options name another number. */
export const DEFAULT_READ_CONNECTIONS = 8;

interface Waiter {
  take(connection: DuckDBConnection): void;
}

/**
 * Connections that run queries side by side, so one viewer's heavy query does not hold up everyone's count: DuckDB
 * interleaves the work of concurrent statements on its threads. A statement whose signal aborts is interrupted, which
 * frees its connection at once instead of when the statement would have finished.
 */
export class DuckDbReadPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: Waiter[] = [];

  private constructor(private readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }

  /** Opens `size` connections (at least one) on the instance. */
  static async open(instance: DuckDBInstance, size: number): Promise<DuckDbReadPool> {
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, size); i++) connections.push(await instance.connect());
    return new DuckDbReadPool(connections);
  }

  /** Runs one read statement on a free connection (waiting for one if all are busy); `signal` cancels it. */
  async run(statement: SqlStatement, options: RunOptions = {}): Promise<QueryRows> {
    const { signal } = options;
    signal?.throwIfAborted();
    const connection = await this.acquire(signal);
    const interrupt = () => connection.interrupt();
    signal?.addEventListener("abort", interrupt, { once: true });
    try {
      const { values, types } = duckDbParams(statement.params);
      const reader = await connection.runAndReadAll(statement.sql, values, types);
      return { columns: reader.columnNames(), rows: reader.getRowsJS().map((row) => row.map(plainValue)) };
    } finally {
      signal?.removeEventListener("abort", interrupt);
      this.release(connection);
    }
  }

  /** Closes every connection (call once no statement runs). */
  close(): void {
    for (const connection of this.all) connection.closeSync();
  }

  private acquire(signal: AbortSignal | undefined): Promise<DuckDBConnection> {
    const free = this.idle.pop();
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        take: (connection) => {
          signal?.removeEventListener("abort", leave);
          resolve(connection);
        },
      };
      const leave = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", leave, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next === undefined) this.idle.push(connection);
    else next.take(connection);
  }
}

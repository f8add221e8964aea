import pg from "pg";
import { PostgresListener } from "./postgres-listener.js";
import { type ListenOptions, quoteIdentifier, type SqlClient, type SqlTransaction } from "./sql-client.js";
import { classifySqlError, withClassifiedErrors } from "./sql-errors.js";

/** Options of `PostgresSqlClient.open`. */
export interface PostgresSqlClientOptions {
  /** Connections in the query pool; the listener has one more of its own. */
  poolSize?: number;
}

/** `SqlClient` over a PostgreSQL server: a pool for queries and transactions, one dedicated connection for LISTEN. */
export class PostgresSqlClient implements SqlClient {
  readonly #pool: pg.Pool;
  readonly #listener: PostgresListener;

  private constructor(pool: pg.Pool, listener: PostgresListener) {
    this.#pool = pool;
    this.#listener = listener;
  }

  /** Connects to `databaseUrl` and checks that the server answers (UNAVAILABLE when it does not). */
  static async open(databaseUrl: string, options: PostgresSqlClientOptions = {}): Promise<PostgresSqlClient> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    const client = new PostgresSqlClient(pool, new PostgresListener(databaseUrl));
    try {
      await client.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw error;
    }
    return client;
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return withClassifiedErrors(async () => (await this.#pool.query(sql, [...params])).rows as T[]);
  }

  exec(script: string): Promise<void> {
    return withClassifiedErrors(async () => {
      await this.#pool.query(script);
    });
  }

  async transaction<R>(fn: (tx: SqlTransaction) => Promise<R>): Promise<R> {
    const client = await withClassifiedErrors(() => this.#pool.connect());
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await fn(wrapClient(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw classifySqlError(error);
    } finally {
      // A connection whose rollback failed is in an unknown state: drop it instead of reusing it.
      client.release(broken);
    }
  }

  listen(channel: string, fn: (payload: string) => void, options: ListenOptions = {}): Promise<() => Promise<void>> {
    return withClassifiedErrors(() => this.#listener.subscribe(channel, fn, options));
  }

  notify(channel: string, payload: string): Promise<void> {
    return withClassifiedErrors(async () => {
      await this.#pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    });
  }

  async close(): Promise<void> {
    await this.#listener.close();
    await this.#pool.end();
  }
}

/** Creates a database on the server at `serverUrl` (whose own database is used only for this statement). */
export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  await runAdminStatement(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
}

/** Drops a database, disconnecting whoever still uses it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
}

async function runAdminStatement(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await withClassifiedErrors(async () => {
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  });
}

function wrapClient(client: pg.PoolClient): SqlTransaction {
  return {
    query: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(sql, [...params])).rows as T[],
    exec: async (script: string) => {
      await client.query(script);
    },
  };
}

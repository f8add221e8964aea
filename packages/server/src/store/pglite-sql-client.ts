import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { ListenOptions, SqlClient, SqlTransaction } from "./sql-client.js";
import { withClassifiedErrors } from "./sql-errors.js";

/**
 * `SqlClient` over PGlite, PostgreSQL compiled to WASM and run in-process on a data directory. PGlite has a single
 * connection and runs every query and transaction exclusively, so transactions are serialised by the driver.
 */
export class PgliteSqlClient implements SqlClient {
  private constructor(private readonly db: PGlite) {}

  /** Opens (creating if needed) the database in `dataDir`; every acknowledged commit is on disk. */
  static async open(dataDir: string): Promise<PgliteSqlClient> {
    // relaxedDurability stays off: a query resolves only after its effects reached the file system.
    const db = await withClassifiedErrors(() => PGlite.create(dataDir, { relaxedDurability: false }));
    return new PgliteSqlClient(db);
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return withClassifiedErrors(async () => (await this.db.query<T>(sql, [...params])).rows);
  }

  exec(script: string): Promise<void> {
    return withClassifiedErrors(async () => {
      await this.db.exec(script);
    });
  }

  transaction<R>(fn: (tx: SqlTransaction) => Promise<R>): Promise<R> {
    return withClassifiedErrors(() => this.db.transaction((tx) => fn(wrapTransaction(tx))));
  }

  async listen(channel: string, fn: (payload: string) => void, _options?: ListenOptions): Promise<() => Promise<void>> {
    // In-process: the connection cannot drop, so there is never a reconnect to report.
    const unlisten = await withClassifiedErrors(() => this.db.listen(channel, fn));
    return async () => {
      if (!this.db.closed) await unlisten();
    };
  }

  notify(channel: string, payload: string): Promise<void> {
    return withClassifiedErrors(async () => {
      await this.db.query("SELECT pg_notify($1, $2)", [channel, payload]);
    });
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

function wrapTransaction(tx: Transaction): SqlTransaction {
  return {
    query: async <T>(sql: string, params: readonly unknown[] = []) => (await tx.query<T>(sql, [...params])).rows,
    exec: async (script: string) => {
      await tx.exec(script);
    },
  };
}

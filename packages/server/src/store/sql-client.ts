/** Something that runs one parameterised SQL statement and returns its rows. */
export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** A transaction in progress: commits when the function given to `transaction` resolves, rolls back if it throws. */
export type SqlTransaction = SqlQueryable;

/** Options of a LISTEN subscription. */
export interface ListenOptions {
  /** Called after the listening connection was lost and re-established; notifications in between are lost. */
  onReconnect?: () => void;
}

/**
 * The SQL port under the config store: one dialect (PostgreSQL), one adapter per driver (`PgliteSqlClient`,
 * `PostgresSqlClient`). Driver errors come out as `AppError` where they have a meaning (see `classifySqlError`).
 */
export interface SqlClient extends SqlQueryable {
  transaction<R>(fn: (tx: SqlTransaction) => Promise<R>): Promise<R>;
  /** Subscribes to a notification channel; resolves once listening, to an unsubscribe function. */
  listen(channel: string, fn: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Quotes an identifier (a channel or database name) for the statements that cannot take it as a parameter. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

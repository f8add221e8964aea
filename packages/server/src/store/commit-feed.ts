/** The commit feed port: tells readers that something was committed, so caches and streams can catch up. */
export interface CommitFeed {
  /**
   * Calls `listener` with the newest `seq` after every committed change, made by this process or by any other
   * server on the same database (PostgreSQL LISTEN/NOTIFY). Returns an unsubscribe function.
   */
  onCommitted(listener: (seq: number) => void): () => void;
}

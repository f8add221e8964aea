/**
 * What `POST /query` answers: columns and rows; `sql`/`params` with `explain`; `nextCursor` when more events
 * follow. `Q` is the query type (the server's schema type); clients that only show it keep `unknown`.
 */
export interface QueryResult<Q = unknown> {
  columns: string[];
  rows: unknown[][];
  /** For events: the cursor of the next page (absent on the last page). */
  nextCursor?: string;
  /** With `explain`: the statement that ran and its parameters. */
  sql?: string;
  params?: readonly unknown[];
  /** With `explain` on an aggregate: per row, the events query that lists the raw events behind it. */
  eventsBehind?: Q[];
}

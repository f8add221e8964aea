import type { QueryResult as WireQueryResult } from "@switchboard/core";
import { AppError } from "@switchboard/core";
import type { Clock } from "../ports/clock.js";
import type { EventStore, QueryRows, SqlStatement } from "../store/event-store.js";
import { type CompiledStatement, compileQuery } from "./compile-query.js";
import { dialectFor } from "./dialects/dialect-for.js";
import { engineOutOfMemory, engineRefusal } from "./engine-refusal.js";
import { eventsBehindRows } from "./events-behind.js";
import { encodeCursor } from "./events-cursor.js";
import type { Query } from "./query-schema.js";
import type { ResolvedQuery } from "./resolved-query.js";
import { validateQuery } from "./validate-query.js";

/** What a query answers (the wire type, with the server's query type for `eventsBehind`). */
export type QueryResult = WireQueryResult<Query>;

/** Options of the query service. */
export interface QueryServiceOptions {
  /** Longest a statement may run before the caller gets a timeout error. */
  timeoutMs?: number;
  /** Told of every query the engine refused (a value it cannot take: 400; out of memory: 503), for the server's log. */
  onEngineRefusal?: (error: unknown, statement: SqlStatement) => void;
}

/** Answers queries over stored events: validate, compile for the store's dialect, run with a time limit, shape. */
export class QueryService {
  private readonly timeoutMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly options: QueryServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Runs a query given as JSON; VALIDATION_FAILED lists every problem with its path. */
  async query(input: unknown): Promise<QueryResult> {
    const resolved = validateQuery(input, this.clock.now());
    const { statement, columns, result } = await this.answer(resolved);
    const shaped = shape(resolved, columns, result);
    if ((input as Query).explain !== true) return shaped;
    const behind =
      resolved.kind === "aggregate" ? { eventsBehind: eventsBehindRows(input as Query, resolved, shaped.rows) } : {};
    return { ...shaped, sql: statement.sql, params: statement.params, ...behind };
  }

  /**
   * Runs the query's statement. Aggregates over events are first computed as if no event were sampled (plain counts
   * and sums, the engine's own exact percentile); when an answer shows a sampled event, they are computed again with
   * weights, and from then on this service goes to the weighted form at once (a store that holds sampled events is
   * likely to hold more).
   */
  private async answer(
    resolved: ResolvedQuery,
  ): Promise<{ statement: SqlStatement; columns: string[]; result: QueryRows }> {
    const dialect = dialectFor(this.store.dialect);
    const first: CompiledStatement = compileQuery(resolved, dialect, { assumeUnsampled: !this.seenSampledEvents });
    const result = await this.runWithTimeout(first.statement);
    if (first.unsampledGuard === undefined) return { ...first, result };
    if (result.rows.every((row) => Number(row.at(-1)) <= 1)) {
      return { ...first, result: { ...result, rows: result.rows.map((row) => row.slice(0, -1)) } };
    }
    this.seenSampledEvents = true;
    const weighted = compileQuery(resolved, dialect);
    return { ...weighted, result: await this.runWithTimeout(weighted.statement) };
  }

  /** Set once an answer showed a sampled event: aggregates are then weighted from the start. */
  private seenSampledEvents = false;

  // On timeout the statement is cancelled in the engine, so that its connection serves the next query at once.
  private async runWithTimeout(statement: SqlStatement): Promise<QueryRows> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(this.timeoutError()), this.timeoutMs);
    try {
      return await this.store.run(statement, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      const refusal = engineRefusal(error) ?? engineOutOfMemory(error);
      if (refusal === undefined) throw error;
      this.options.onEngineRefusal?.(error, statement);
      throw refusal;
    } finally {
      clearTimeout(timer);
    }
  }

  private timeoutError(): AppError {
    const seconds = this.timeoutMs / 1000;
    const message = `The query ran longer than ${seconds} s; narrow the time range, add filters or group by fewer fields.`;
    return new AppError("UNAVAILABLE", message, [], { reason: "QUERY_TIMEOUT", timeoutMs: this.timeoutMs });
  }
}

function shape(query: ResolvedQuery, columns: string[], result: QueryRows): QueryResult {
  if (query.kind === "events") return shapeEvents(query.limit, columns, result.rows);
  if (query.kind === "bubbleup") {
    const rows = result.rows.map(([dim, ...rest]) => [query.dimensions[Number(dim)]?.path ?? null, ...rest]);
    return { columns, rows };
  }
  return { columns, rows: result.rows };
}

// flags/variations become one `assignments` object; the extra row and the cursor column become `nextCursor`.
function shapeEvents(limit: number, columns: string[], rows: unknown[][]): QueryResult {
  const flagsAt = columns.indexOf("flags");
  if (flagsAt < 0) return paged(limit, columns.slice(0, -1), rows, (row) => row.slice(0, -1));
  const names = [...columns.slice(0, flagsAt), "assignments", ...columns.slice(flagsAt + 2, -1)];
  return paged(limit, names, rows, (row) => {
    const flags = (row[flagsAt] ?? []) as string[];
    const variations = (row[flagsAt + 1] ?? []) as string[];
    const assignments = Object.fromEntries(flags.map((flag, i) => [flag, variations[i] ?? null]));
    return [...row.slice(0, flagsAt), assignments, ...row.slice(flagsAt + 2, -1)];
  });
}

function paged(limit: number, columns: string[], rows: unknown[][], toRow: (row: unknown[]) => unknown[]): QueryResult {
  const page = rows.slice(0, limit).map(toRow);
  const last = rows[limit - 1];
  if (rows.length <= limit || last === undefined) return { columns, rows: page };
  const nextCursor = encodeCursor({ ts: String(last.at(-1)), id: String(last[0]) });
  return { columns, rows: page, nextCursor };
}

import type { IngestItem } from "@switchboard/core";
import type {
  AppendResult,
  EventBatch,
  EventStore,
  EventStoreStats,
  OptimizeOptions,
  OptimizeResult,
  QueryRows,
  RetentionPolicy,
  RetentionResult,
  SqlStatement,
} from "./event-store.js";
import { type DayCount, planRetention } from "./retention-plan.js";

/** One stored item with where it went. */
export interface FakeStoredItem {
  environment: string;
  /** `YYYY-MM-DD` (UTC) of the item's `ts`. */
  day: string;
  item: IngestItem;
}

/**
 * How the fake answers `run`: it stores items but runs no SQL, so a test that reads says what the answer is
 * (from the statement and the items stored so far).
 */
export type FakeAnswer = (statement: SqlStatement, items: readonly FakeStoredItem[]) => QueryRows;

// The tables `optimize` re-clusters, as in the DuckDB adapter: one row per assignment, one per exposure.
const CLUSTERED = ["assignments", "exposures"] as const;

/**
 * An in-memory `EventStore` for unit tests: appends, batch ids, stats, retention and the bookkeeping of `optimize`
 * behave as the contract (`event-store.contract.ts`) says; `run` answers with the given `answer`.
 * @example const store = new FakeEventStore({ answer: () => ({ columns: ["n"], rows: [[0]] }) });
 */
export class FakeEventStore implements EventStore {
  readonly dialect = "duckdb";
  readonly statements: SqlStatement[] = [];
  private items: FakeStoredItem[] = [];
  private readonly batchIds = new Set<string>();
  private readonly clusteredRows = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: { answer?: FakeAnswer } = {}) {}

  async append(batch: EventBatch): Promise<AppendResult> {
    this.assertOpen();
    const key = JSON.stringify([batch.environment, batch.keyKind ?? "server-sdk", batch.batchId]);
    if (this.batchIds.has(key)) return { stored: 0, duplicate: true };
    this.batchIds.add(key);
    for (const item of batch.items) {
      this.items.push({ environment: batch.environment, day: utcDay(item.ts), item });
    }
    return { stored: batch.items.length, duplicate: false };
  }

  async run(statement: SqlStatement): Promise<QueryRows> {
    this.assertOpen();
    this.statements.push(statement);
    if (this.options.answer === undefined) throw new Error("FakeEventStore runs no SQL: pass `answer` to read.");
    return this.options.answer(statement, this.items);
  }

  async applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    this.assertOpen();
    const environments = [...new Set(this.items.map((stored) => stored.environment))];
    const cuts = new Map(planRetention(policy, environments, this.dayCounts()).map((cut) => [cut.environment, cut]));
    const result: RetentionResult = { deletedEvents: 0, deletedExposures: 0 };
    this.items = this.items.filter((stored) => {
      const cut = cuts.get(stored.environment);
      const kept = cut === undefined || (stored.day >= cut.beforeDay && !cut.days.includes(stored.day));
      if (!kept && stored.item.type === "event") result.deletedEvents++;
      if (!kept && stored.item.type === "exposure") result.deletedExposures++;
      return kept;
    });
    return result;
  }

  async optimize(options: OptimizeOptions = {}): Promise<OptimizeResult> {
    this.assertOpen();
    const before = options.before?.toISOString().slice(0, 10);
    const result: OptimizeResult = { days: 0, rows: 0 };
    for (const table of CLUSTERED) {
      for (const [day, rows] of [...this.rowsPerDay(table)].sort()) {
        const key = `${table}/${day}`;
        if ((before !== undefined && day >= before) || this.clusteredRows.get(key) === rows) continue;
        this.clusteredRows.set(key, rows);
        result.days++;
        result.rows += rows;
      }
    }
    return result;
  }

  async stats(): Promise<EventStoreStats> {
    this.assertOpen();
    const stats: EventStoreStats = {
      events: 0,
      exposures: 0,
      assignments: 0,
      messages: 0,
      batches: this.batchIds.size,
      eventsByEnvironment: {},
      bytes: null,
    };
    for (const { environment, item } of this.items) {
      if (item.type === "exposure") {
        stats.exposures++;
        continue;
      }
      stats.events++;
      stats.assignments += Object.keys(item.assignments ?? {}).length;
      stats.messages += item.messages?.length ?? 0;
      stats.eventsByEnvironment[environment] = (stats.eventsByEnvironment[environment] ?? 0) + 1;
    }
    return stats;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("The event store is closed.");
  }

  private dayCounts(): DayCount[] {
    const counts = new Map<string, DayCount>();
    for (const { environment, day, item } of this.items) {
      if (item.type !== "event") continue;
      const key = `${environment}/${day}`;
      const count = counts.get(key) ?? { environment, day, events: 0 };
      count.events++;
      counts.set(key, count);
    }
    return [...counts.values()];
  }

  // Rows per day of a clustered table: an event has one assignment row per flag, an exposure is one row.
  private rowsPerDay(table: (typeof CLUSTERED)[number]): Map<string, number> {
    const rows = new Map<string, number>();
    for (const { day, item } of this.items) {
      const count =
        table === "exposures"
          ? Number(item.type === "exposure")
          : item.type === "event"
            ? Object.keys(item.assignments ?? {}).length
            : 0;
      if (count > 0) rows.set(day, (rows.get(day) ?? 0) + count);
    }
    return rows;
  }
}

// The UTC day of a timestamp, as the engines compute `day` (a `ts` may carry an offset).
function utcDay(ts: string): string {
  return new Date(ts).toISOString().slice(0, 10);
}

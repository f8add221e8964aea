import { AppError, type Clock } from "../kernel/index.js";
import { clampChangeLimit } from "./change-filter.js";
import type { ChangeFilter, ChangeLog, ChangeSubject } from "./change-log.js";
import type { CommitFeed } from "./commit-feed.js";
import type { Change, ChangeInput } from "./config-store.js";
import { clone } from "./fake-values.js";

/**
 * The fake `ChangeLog` and `CommitFeed`, and the one thing every fake port writes through: a write appends its
 * change here, as the SQL store writes a row and its change in one transaction.
 */
export class FakeChangeLog implements ChangeLog, CommitFeed {
  readonly #clock: Clock;
  readonly #changes: Change[] = [];
  readonly #listeners = new Set<(seq: number) => void>();
  #closed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async recordChange(change: ChangeInput & ChangeSubject): Promise<Change> {
    this.assertOpen();
    return this.append(change, null);
  }

  async listChanges(filter: ChangeFilter = {}): Promise<Change[]> {
    const matching = this.#changes.filter((change) => matchesFilter(change, filter));
    const ordered = filter.ascending === true ? matching : [...matching].reverse();
    return ordered.slice(0, clampChangeLimit(filter)).map(clone);
  }

  async latestSeq(): Promise<number> {
    return this.#changes.at(-1)?.seq ?? 0;
  }

  onCommitted(listener: (seq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Logs a change of a write that just happened; `version` is the document version, null for other subjects. */
  append(input: ChangeInput & ChangeSubject, version: number | null): Change {
    const change: Change = {
      seq: (this.#changes.at(-1)?.seq ?? 0) + 1,
      at: this.now(),
      actor: input.actor,
      action: input.action,
      subjectKind: input.subjectKind,
      subjectKey: input.subjectKey,
      environment: input.environment ?? null,
      before: clone(input.before ?? null),
      after: clone(input.after ?? null),
      reason: input.reason ?? null,
      version,
    };
    this.#changes.push(change);
    // Like a database notification, listeners run after the write has returned to its caller.
    queueMicrotask(() => {
      for (const listener of [...this.#listeners]) listener(change.seq);
    });
    return clone(change);
  }

  now(): string {
    return this.#clock.now().toISOString();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes after `close()` fail like writes to a closed database. */
  assertOpen(): void {
    if (this.#closed) throw new AppError("UNAVAILABLE", "The config store is closed.");
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }
}

function matchesFilter(change: Change, filter: ChangeFilter): boolean {
  const at = Date.parse(change.at);
  return (
    (filter.subjectKind === undefined || change.subjectKind === filter.subjectKind) &&
    (filter.subjectKey === undefined || change.subjectKey === filter.subjectKey) &&
    (filter.environment === undefined || change.environment === filter.environment) &&
    (filter.actor === undefined || change.actor === filter.actor) &&
    (filter.action === undefined || change.action.startsWith(filter.action)) &&
    (filter.from === undefined || at >= Date.parse(filter.from)) &&
    (filter.to === undefined || at < Date.parse(filter.to)) &&
    (filter.afterSeq === undefined || change.seq > filter.afterSeq) &&
    (filter.beforeSeq === undefined || change.seq < filter.beforeSeq)
  );
}

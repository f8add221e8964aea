import { randomUUID } from "node:crypto";
import { AppError, type Clock, systemClock } from "../kernel/index.js";
import { clampChangeLimit } from "./change-filter.js";
import { publicToken, scheduleChangeSubject } from "./change-subjects.js";
import type {
  Change,
  ChangeFilter,
  ChangeInput,
  ChangeSubject,
  ConfigStore,
  DocumentKind,
  DocumentWrite,
  NewSchedule,
  Release,
  ReleaseFilter,
  Schedule,
  ScheduleFilter,
  StoredDocument,
  TokenRecord,
} from "./config-store.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";

interface ClaimedSchedule extends Schedule {
  claimedAt: string | null;
}

/** An in-memory `ConfigStore` with the same semantics as the SQL one, for unit tests. */
export class FakeConfigStore implements ConfigStore {
  readonly #clock: Clock;
  readonly #documents = new Map<string, StoredDocument>();
  readonly #changes: Change[] = [];
  readonly #releases: Release[] = [];
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #schedules = new Map<string, ClaimedSchedule>();
  readonly #listeners = new Set<(seq: number) => void>();
  #closed = false;

  readonly #kinds: DocumentKindRegistry;

  constructor(clock: Clock = systemClock, kinds: DocumentKindRegistry = DocumentKindRegistry.withBuiltIns()) {
    this.#clock = clock;
    this.#kinds = kinds;
  }

  async getDocument<T>(kind: DocumentKind, key: string): Promise<StoredDocument<T> | undefined> {
    this.#kinds.require(kind);
    const found = this.#documents.get(documentId(kind, key));
    return found === undefined ? undefined : (clone(found) as StoredDocument<T>);
  }

  async listDocuments<T>(kind: DocumentKind, options?: { includeArchived?: boolean }): Promise<StoredDocument<T>[]> {
    this.#kinds.require(kind);
    return [...this.#documents.values()]
      .filter((doc) => doc.kind === kind && (options?.includeArchived === true || !doc.archived))
      .sort((a, b) => compareText(a.key, b.key))
      .map((doc) => clone(doc) as StoredDocument<T>);
  }

  async createDocument<T>(kind: DocumentKind, key: string, body: T, change: ChangeInput): Promise<DocumentWrite<T>> {
    this.#assertOpen();
    this.#kinds.require(kind);
    const existing = this.#documents.get(documentId(kind, key));
    if (existing !== undefined) {
      throw new AppError("CONFLICT", `${kind} "${key}" already exists.`, [], { currentVersion: existing.version });
    }
    const now = this.#now();
    const document: StoredDocument<T> = {
      kind,
      key,
      body: clone(body),
      version: 1,
      archived: false,
      createdAt: now,
      updatedAt: now,
    };
    this.#documents.set(documentId(kind, key), document);
    const logged = this.#append({ ...change, subjectKind: kind, subjectKey: key, before: null, after: body }, 1);
    return { document: clone(document), change: logged };
  }

  async replaceDocument<T>(
    kind: DocumentKind,
    key: string,
    expectedVersion: number,
    body: T,
    change: ChangeInput,
    options?: { archived?: boolean },
  ): Promise<DocumentWrite<T>> {
    this.#assertOpen();
    this.#kinds.require(kind);
    const existing = this.#documents.get(documentId(kind, key));
    if (existing === undefined) throw new AppError("NOT_FOUND", `${kind} "${key}" does not exist.`);
    if (existing.version !== expectedVersion) throw versionConflict(kind, key, existing.version);
    const document: StoredDocument<T> = {
      ...existing,
      body: clone(body),
      version: existing.version + 1,
      archived: options?.archived ?? existing.archived,
      updatedAt: this.#now(),
    };
    this.#documents.set(documentId(kind, key), document);
    const subject = { subjectKind: kind, subjectKey: key, before: existing.body, after: body };
    const logged = this.#append({ ...change, ...subject }, document.version);
    return { document: clone(document), change: logged };
  }

  async recordChange(change: ChangeInput & ChangeSubject): Promise<Change> {
    this.#assertOpen();
    return this.#append(change, null);
  }

  async listChanges(filter: ChangeFilter = {}): Promise<Change[]> {
    const matching = this.#changes.filter((change) => matchesFilter(change, filter));
    const ordered = filter.ascending === true ? matching : [...matching].reverse();
    return ordered.slice(0, clampChangeLimit(filter)).map(clone);
  }

  async latestSeq(): Promise<number> {
    return this.#changes.at(-1)?.seq ?? 0;
  }

  async createRelease(
    release: Pick<Release, "sha" | "environment" | "deployedAt">,
    change: ChangeInput,
  ): Promise<Release> {
    this.#assertOpen();
    const stored: Release = {
      id: this.#releases.length + 1,
      sha: release.sha,
      environment: release.environment,
      deployedAt: toIso(release.deployedAt),
      createdAt: this.#now(),
    };
    this.#releases.push(stored);
    this.#append(
      {
        ...change,
        environment: change.environment ?? release.environment,
        subjectKind: "release",
        subjectKey: release.sha,
        before: null,
        after: stored,
      },
      null,
    );
    return { ...stored };
  }

  async listReleases(filter: ReleaseFilter = {}): Promise<Release[]> {
    const from = filter.from === undefined ? undefined : Date.parse(filter.from);
    const to = filter.to === undefined ? undefined : Date.parse(filter.to);
    return this.#releases
      .filter(
        (r) =>
          (filter.environment === undefined || r.environment === filter.environment) &&
          (from === undefined || Date.parse(r.deployedAt) >= from) &&
          (to === undefined || Date.parse(r.deployedAt) < to),
      )
      .sort((a, b) => Date.parse(b.deployedAt) - Date.parse(a.deployedAt) || b.id - a.id)
      .slice(0, clampChangeLimit({ ...(filter.limit === undefined ? {} : { limit: filter.limit }) }))
      .map((r) => ({ ...r }));
  }

  async createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord> {
    this.#assertOpen();
    if (this.#tokens.has(token.id)) throw new AppError("CONFLICT", `A token with id "${token.id}" already exists.`);
    if ([...this.#tokens.values()].some((t) => t.hash === token.hash)) {
      throw new AppError("CONFLICT", "A token with this secret already exists.");
    }
    const stored: TokenRecord = { ...token, createdAt: this.#now(), revokedAt: null };
    this.#tokens.set(token.id, stored);
    this.#append(
      {
        ...change,
        environment: change.environment ?? token.environment,
        subjectKind: "token",
        subjectKey: token.id,
        before: null,
        after: publicToken(stored),
      },
      null,
    );
    return { ...stored };
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const found = [...this.#tokens.values()].find((t) => t.hash === hash);
    return found === undefined ? undefined : { ...found };
  }

  async listTokens(): Promise<TokenRecord[]> {
    return [...this.#tokens.values()]
      .sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id))
      .map((t) => ({ ...t }));
  }

  async revokeToken(id: string, change: ChangeInput): Promise<TokenRecord> {
    this.#assertOpen();
    const existing = this.#tokens.get(id);
    if (existing === undefined) throw new AppError("NOT_FOUND", `Token "${id}" does not exist.`);
    if (existing.revokedAt !== null) return { ...existing };
    const revoked: TokenRecord = { ...existing, revokedAt: this.#now() };
    this.#tokens.set(id, revoked);
    const subject = {
      subjectKind: "token",
      subjectKey: id,
      before: publicToken(existing),
      after: publicToken(revoked),
    };
    this.#append({ ...change, environment: change.environment ?? existing.environment, ...subject }, null);
    return { ...revoked };
  }

  async createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]> {
    this.#assertOpen();
    const created = schedules.map(
      (s): ClaimedSchedule => ({
        id: randomUUID(),
        planId: s.planId,
        flag: s.flag,
        environment: s.environment,
        runAt: toIso(s.runAt),
        action: clone(s.action),
        status: "pending",
        createdBy: s.createdBy,
        reason: s.reason,
        error: null,
        appliedAt: null,
        claimedAt: null,
      }),
    );
    if (created.length === 0) return [];
    for (const schedule of created) this.#schedules.set(schedule.id, schedule);
    const result = created.map(publicSchedule);
    this.#append({ ...change, ...scheduleChangeSubject(result, change, null, result) }, null);
    return result;
  }

  async listSchedules(filter: ScheduleFilter = {}): Promise<Schedule[]> {
    return [...this.#schedules.values()]
      .filter(
        (s) =>
          (filter.flag === undefined || s.flag === filter.flag) &&
          (filter.environment === undefined || s.environment === filter.environment) &&
          (filter.status === undefined || s.status === filter.status),
      )
      .sort(compareSchedules)
      .map(publicSchedule);
  }

  async claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]> {
    this.#assertOpen();
    const nowMs = Date.parse(now);
    const staleMs = Date.parse(staleBefore);
    const due = [...this.#schedules.values()]
      .filter(
        (s) =>
          (s.status === "pending" && Date.parse(s.runAt) <= nowMs) ||
          (s.status === "running" && s.claimedAt !== null && Date.parse(s.claimedAt) < staleMs),
      )
      .sort(compareSchedules)
      .slice(0, Math.max(0, limit));
    for (const schedule of due) {
      schedule.status = "running";
      schedule.claimedAt = toIso(now);
    }
    return due.map(publicSchedule);
  }

  async finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }) {
    this.#assertOpen();
    const schedule = this.#schedules.get(id);
    if (schedule === undefined) throw new AppError("NOT_FOUND", `Schedule "${id}" does not exist.`);
    schedule.status = outcome.status;
    schedule.error = outcome.error ?? null;
    schedule.appliedAt = toIso(outcome.appliedAt);
  }

  async cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]> {
    this.#assertOpen();
    if (ids.id === undefined && ids.planId === undefined) {
      throw new AppError("BAD_REQUEST", "Give a schedule id or a plan id to cancel.");
    }
    const cancelled = [...this.#schedules.values()]
      .filter(
        (s) =>
          s.status === "pending" &&
          (ids.id === undefined || s.id === ids.id) &&
          (ids.planId === undefined || s.planId === ids.planId),
      )
      .sort(compareSchedules);
    if (cancelled.length === 0) return [];
    const before = cancelled.map(publicSchedule);
    for (const schedule of cancelled) schedule.status = "cancelled";
    const after = cancelled.map(publicSchedule);
    this.#append({ ...change, ...scheduleChangeSubject(after, change, before, after) }, null);
    return after;
  }

  onCommitted(listener: (seq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new AppError("UNAVAILABLE", "The config store is closed.");
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
  }

  #append(input: ChangeInput & ChangeSubject, version: number | null): Change {
    const change: Change = {
      seq: (this.#changes.at(-1)?.seq ?? 0) + 1,
      at: this.#now(),
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

  #now(): string {
    return this.#clock.now().toISOString();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError("UNAVAILABLE", "The config store is closed.");
  }
}

function documentId(kind: DocumentKind, key: string): string {
  return `${kind}\u0000${key}`;
}

function versionConflict(kind: DocumentKind, key: string, currentVersion: number): AppError {
  return new AppError(
    "CONFLICT",
    `${kind} "${key}" was changed meanwhile (now version ${currentVersion}); reload it and try again.`,
    [],
    { currentVersion },
  );
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

function publicSchedule(schedule: ClaimedSchedule): Schedule {
  const { claimedAt: _claimedAt, ...rest } = schedule;
  return clone(rest);
}

function compareSchedules(a: Schedule, b: Schedule): number {
  return Date.parse(a.runAt) - Date.parse(b.runAt) || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toIso(value: string): string {
  return new Date(value).toISOString();
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/**
 * The config store port: versioned documents (flags, segments, experiments, environments) with an append-only
 * change log written in the same transaction, releases, tokens and schedules. One implementation per backend
 * (`SqlConfigStore` over PGlite or a PostgreSQL server) and a `FakeConfigStore` for unit tests; all of them pass
 * `config-store.contract.ts`.
 */
import type { Change, DocumentKind, Release, Schedule, ScheduleStatus, StoredDocument } from "@switchboard/core";

// Who calls and why are the kernel's words; the store records them.
import type { ChangeInput, Role, TokenKind } from "../kernel/index.js";

// The stored shapes are the API's wire types: one definition, in core.
export type { Change, DocumentKind, Release, Schedule, ScheduleStatus, StoredDocument } from "@switchboard/core";
export type { ChangeInput, Role, TokenKind };

/** What a change is about, for changes that are not document writes (releases, tokens, schedules, pool switches). */
export interface ChangeSubject {
  subjectKind: string;
  subjectKey: string;
  before?: unknown;
  after?: unknown;
}

export interface ChangeFilter {
  subjectKind?: string;
  subjectKey?: string;
  environment?: string;
  actor?: string;
  /** Prefix match on the action, e.g. `flag.` or `release.create`. */
  action?: string;
  /** ISO timestamps, inclusive `from`, exclusive `to`. */
  from?: string;
  to?: string;
  afterSeq?: number;
  beforeSeq?: number;
  /** Newest first unless `ascending`; default limit 100, at most 1,000. */
  limit?: number;
  ascending?: boolean;
}

export interface DocumentWrite<T> {
  document: StoredDocument<T>;
  change: Change;
}

/** A token as stored: never the secret itself, only its SHA-256 hash and a short prefix people can recognise. */
export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** Personal and admin tokens; SDK keys have none. */
  role: Role | null;
  /** SDK keys belong to one environment. */
  environment: string | null;
  hash: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export type NewSchedule = Pick<
  Schedule,
  "planId" | "flag" | "environment" | "runAt" | "action" | "createdBy" | "reason"
>;

export interface ConfigStore {
  getDocument<T>(kind: DocumentKind, key: string): Promise<StoredDocument<T> | undefined>;
  listDocuments<T>(kind: DocumentKind, options?: { includeArchived?: boolean }): Promise<StoredDocument<T>[]>;
  /** Creates version 1 and logs the change, atomically. Throws AppError CONFLICT if the key exists (archived too). */
  createDocument<T>(kind: DocumentKind, key: string, body: T, change: ChangeInput): Promise<DocumentWrite<T>>;
  /**
   * Compare-and-swap: writes `body` as version `expectedVersion + 1` and logs the change, atomically, only if the
   * stored version is still `expectedVersion`. Throws AppError NOT_FOUND, or CONFLICT with `meta.currentVersion`.
   */
  replaceDocument<T>(
    kind: DocumentKind,
    key: string,
    expectedVersion: number,
    body: T,
    change: ChangeInput,
    options?: { archived?: boolean },
  ): Promise<DocumentWrite<T>>;
  /** Logs a change that is not a document write (a release, a token, a pool switch). */
  recordChange(change: ChangeInput & ChangeSubject): Promise<Change>;
  listChanges(filter?: ChangeFilter): Promise<Change[]>;
  /** The newest change's `seq`, 0 when there is none. */
  latestSeq(): Promise<number>;

  /** Stores a release and logs it as a `release.create` change (a marker), atomically. */
  createRelease(release: Pick<Release, "sha" | "environment" | "deployedAt">, change: ChangeInput): Promise<Release>;
  listReleases(filter?: { environment?: string; from?: string; to?: string; limit?: number }): Promise<Release[]>;

  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord>;
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  /** Marks the token revoked (idempotent) and logs it. Throws NOT_FOUND for an unknown id. */
  revokeToken(id: string, change: ChangeInput): Promise<TokenRecord>;

  createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]>;
  listSchedules(filter?: { flag?: string; environment?: string; status?: ScheduleStatus }): Promise<Schedule[]>;
  /**
   * Claims up to `limit` pending schedules due at `now` (and `running` ones claimed before `staleBefore`, whose
   * process died), marking them running; safe when several servers claim at once (each row goes to one).
   */
  claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]>;
  finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }): Promise<void>;
  /** Cancels pending schedules by id or by plan id; returns what was cancelled. */
  cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]>;

  /**
   * Calls `listener` with the newest `seq` after every committed change, made by this process or by any other
   * server on the same database (PostgreSQL LISTEN/NOTIFY). Returns an unsubscribe function.
   */
  onCommitted(listener: (seq: number) => void): () => void;
  /** Throws when the store cannot be reached (for `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

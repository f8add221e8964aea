import type { Alert, AlertAction, AlertDelivery } from "@switchboard/core";
import { type Clock, systemClock } from "../kernel/index.js";
import { CommittedNotifier } from "./committed-notifier.js";
import type {
  AlertFilter,
  Change,
  ChangeFilter,
  ChangeInput,
  ChangeSubject,
  ConfigStore,
  DocumentBatchWrite,
  DocumentKind,
  DocumentWrite,
  NewAlert,
  NewAlertDelivery,
  NewSchedule,
  Release,
  ReleaseFilter,
  Schedule,
  ScheduleFilter,
  StoredDocument,
  TokenRecord,
} from "./config-store.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";
import { insertChange, runChangeWrite, selectChanges, selectLatestSeq } from "./sql-changes.js";
import type { SqlClient } from "./sql-client.js";
import { insertDocument, selectDocument, selectDocuments, updateDocument } from "./sql-documents.js";
import {
  acquireLease,
  insertAlert,
  insertDelivery,
  releaseLease,
  resolveAlertRow,
  selectAlert,
  selectAlerts,
  selectDeliveries,
  selectState,
  updateAlertAction,
  updateState,
} from "./sql-monitors.js";
import { insertRelease, selectReleases } from "./sql-releases.js";
import {
  cancelScheduleRows,
  claimSchedules,
  finishScheduleRow,
  insertSchedules,
  selectSchedules,
} from "./sql-schedules.js";
import { insertToken, revokeTokenRow, selectTokenByHash, selectTokens } from "./sql-tokens.js";

/** `ConfigStore` over any `SqlClient` (PGlite or a PostgreSQL server); expects the migrations to be applied. */
export class SqlConfigStore implements ConfigStore {
  readonly #client: SqlClient;
  readonly #clock: Clock;
  readonly #notifier: CommittedNotifier;
  readonly #kinds: DocumentKindRegistry;

  private constructor(client: SqlClient, clock: Clock, notifier: CommittedNotifier, kinds: DocumentKindRegistry) {
    this.#client = client;
    this.#clock = clock;
    this.#notifier = notifier;
    this.#kinds = kinds;
  }

  /**
   * Wraps a migrated database and starts listening for committed changes of every server on it. The documents
   * table takes any kind, so `kinds` alone decides which ones this store accepts.
   */
  static async open(
    client: SqlClient,
    clock: Clock = systemClock,
    kinds: DocumentKindRegistry = DocumentKindRegistry.withBuiltIns(),
  ): Promise<SqlConfigStore> {
    const notifier = await CommittedNotifier.start(client);
    return new SqlConfigStore(client, clock, notifier, kinds);
  }

  async getDocument<T>(kind: DocumentKind, key: string): Promise<StoredDocument<T> | undefined> {
    return selectDocument<T>(this.#client, this.#kinds.require(kind), key);
  }

  async listDocuments<T>(kind: DocumentKind, options?: { includeArchived?: boolean }): Promise<StoredDocument<T>[]> {
    return selectDocuments<T>(this.#client, this.#kinds.require(kind), options?.includeArchived === true);
  }

  async createDocument<T>(kind: DocumentKind, key: string, body: T, change: ChangeInput): Promise<DocumentWrite<T>> {
    this.#kinds.require(kind);
    return this.#write((tx, now) => insertDocument(tx, now, { kind, key, body }, change));
  }

  async replaceDocument<T>(
    kind: DocumentKind,
    key: string,
    expectedVersion: number,
    body: T,
    change: ChangeInput,
    options?: { archived?: boolean },
  ): Promise<DocumentWrite<T>> {
    this.#kinds.require(kind);
    const target = { kind, key, expectedVersion, body, archived: options?.archived };
    return this.#write((tx, now) => updateDocument(tx, now, target, change));
  }

  writeDocuments(writes: readonly DocumentBatchWrite[]): Promise<DocumentWrite<unknown>[]> {
    for (const write of writes) this.#kinds.require(write.kind);
    return this.#write(async (tx, now) => {
      const written: DocumentWrite<unknown>[] = [];
      // One after the other: a failure throws out of the transaction, which rolls every earlier write back.
      for (const { kind, key, expectedVersion, body, archived, change } of writes) {
        written.push(
          expectedVersion === null
            ? await insertDocument(tx, now, { kind, key, body }, change)
            : await updateDocument(tx, now, { kind, key, expectedVersion, body, archived }, change),
        );
      }
      return written;
    });
  }

  recordChange(change: ChangeInput & ChangeSubject): Promise<Change> {
    return this.#write((tx, now) => insertChange(tx, now, change, null));
  }

  listChanges(filter: ChangeFilter = {}): Promise<Change[]> {
    return selectChanges(this.#client, filter);
  }

  latestSeq(): Promise<number> {
    return selectLatestSeq(this.#client);
  }

  createRelease(release: Pick<Release, "sha" | "environment" | "deployedAt">, change: ChangeInput): Promise<Release> {
    return this.#write((tx, now) => insertRelease(tx, now, release, change));
  }

  listReleases(filter: ReleaseFilter = {}): Promise<Release[]> {
    return selectReleases(this.#client, filter);
  }

  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord> {
    return this.#write((tx, now) => insertToken(tx, now, token, change));
  }

  findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return selectTokenByHash(this.#client, hash);
  }

  listTokens(): Promise<TokenRecord[]> {
    return selectTokens(this.#client);
  }

  revokeToken(id: string, change: ChangeInput): Promise<TokenRecord> {
    return this.#write((tx, now) => revokeTokenRow(tx, now, id, change));
  }

  createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]> {
    return this.#write((tx, now) => insertSchedules(tx, now, schedules, change));
  }

  listSchedules(filter: ScheduleFilter = {}): Promise<Schedule[]> {
    return selectSchedules(this.#client, filter);
  }

  claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]> {
    return claimSchedules(this.#client, now, staleBefore, limit);
  }

  finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }) {
    return finishScheduleRow(this.#client, id, outcome);
  }

  cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]> {
    return this.#write((tx, now) => cancelScheduleRows(tx, now, ids, change));
  }

  acquireMonitorLease(monitor: string, owner: string, now: string, until: string): Promise<boolean> {
    return acquireLease(this.#client, monitor, owner, now, until);
  }

  releaseMonitorLease(monitor: string, owner: string): Promise<void> {
    return releaseLease(this.#client, monitor, owner);
  }

  getMonitorState<S>(monitor: string): Promise<S | undefined> {
    return selectState<S>(this.#client, monitor);
  }

  saveMonitorState(monitor: string, owner: string, state: unknown, now: string): Promise<boolean> {
    return updateState(this.#client, monitor, owner, state, now);
  }

  appendAlert(alert: NewAlert): Promise<{ alert: Alert; created: boolean }> {
    return insertAlert(this.#client, alert);
  }

  setAlertAction(id: string, action: AlertAction): Promise<Alert> {
    return updateAlertAction(this.#client, id, action);
  }

  resolveAlert(id: string, resolvedAt: string, spent: number): Promise<Alert> {
    return resolveAlertRow(this.#client, id, resolvedAt, spent);
  }

  getAlert(id: string): Promise<Alert | undefined> {
    return selectAlert(this.#client, id);
  }

  listAlerts(filter: AlertFilter = {}): Promise<Alert[]> {
    return selectAlerts(this.#client, filter);
  }

  appendDelivery(delivery: NewAlertDelivery): Promise<AlertDelivery> {
    return insertDelivery(this.#client, delivery);
  }

  listDeliveries(alertId: string): Promise<AlertDelivery[]> {
    return selectDeliveries(this.#client, alertId);
  }

  onCommitted(listener: (seq: number) => void): () => void {
    return this.#notifier.add(listener);
  }

  async ping(): Promise<void> {
    await this.#client.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.#notifier.stop();
    await this.#client.close();
  }

  /** The SQL client underneath, for maintenance and tests that need raw SQL. */
  get sqlClient(): SqlClient {
    return this.#client;
  }

  #write<R>(fn: Parameters<typeof runChangeWrite<R>>[2]): Promise<R> {
    return runChangeWrite(this.#client, this.#clock, fn);
  }
}

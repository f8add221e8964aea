import type { Alert, AlertAction, AlertDelivery } from "@switchboard/core";
import { AppError, type Clock, systemClock } from "../kernel/index.js";
import type { ChangeFilter, ChangeSubject } from "./change-log.js";
import type {
  Change,
  ChangeInput,
  ConfigStore,
  DocumentKind,
  Release,
  Schedule,
  StoredDocument,
} from "./config-store.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";
import type { DocumentBatchWrite, DocumentWrite } from "./document-store.js";
import { FakeChangeLog } from "./fake-change-log.js";
import { FakeDocumentStore } from "./fake-document-store.js";
import { FakeMonitorStore } from "./fake-monitor-store.js";
import { FakeReleaseStore } from "./fake-release-store.js";
import { FakeScheduleStore } from "./fake-schedule-store.js";
import { FakeTokenStore } from "./fake-token-store.js";
import type { AlertFilter, NewAlert, NewAlertDelivery } from "./monitor-store.js";
import type { ReleaseFilter } from "./release-store.js";
import type { NewSchedule, ScheduleFilter } from "./schedule-store.js";
import type { TokenRecord } from "./token-store.js";

/**
 * An in-memory `ConfigStore` with the same semantics as the SQL one, for unit tests: one fake per port, all
 * writing through one fake change log (the SQL store's shared transaction).
 */
export class FakeConfigStore implements ConfigStore {
  readonly #log: FakeChangeLog;
  readonly #documents: FakeDocumentStore;
  readonly #releases: FakeReleaseStore;
  readonly #tokens: FakeTokenStore;
  readonly #schedules: FakeScheduleStore;
  readonly #monitors: FakeMonitorStore;

  constructor(clock: Clock = systemClock, kinds: DocumentKindRegistry = DocumentKindRegistry.withBuiltIns()) {
    this.#log = new FakeChangeLog(clock);
    this.#documents = new FakeDocumentStore(this.#log, kinds);
    this.#releases = new FakeReleaseStore(this.#log);
    this.#tokens = new FakeTokenStore(this.#log);
    this.#schedules = new FakeScheduleStore(this.#log);
    this.#monitors = new FakeMonitorStore(this.#log);
  }

  getDocument<T>(kind: DocumentKind, key: string): Promise<StoredDocument<T> | undefined> {
    return this.#documents.getDocument<T>(kind, key);
  }

  listDocuments<T>(kind: DocumentKind, options?: { includeArchived?: boolean }): Promise<StoredDocument<T>[]> {
    return this.#documents.listDocuments<T>(kind, options);
  }

  createDocument<T>(kind: DocumentKind, key: string, body: T, change: ChangeInput): Promise<DocumentWrite<T>> {
    return this.#documents.createDocument(kind, key, body, change);
  }

  replaceDocument<T>(
    kind: DocumentKind,
    key: string,
    expectedVersion: number,
    body: T,
    change: ChangeInput,
    options?: { archived?: boolean },
  ): Promise<DocumentWrite<T>> {
    return this.#documents.replaceDocument(kind, key, expectedVersion, body, change, options);
  }

  writeDocuments(writes: readonly DocumentBatchWrite[]): Promise<DocumentWrite<unknown>[]> {
    return this.#documents.writeDocuments(writes);
  }

  recordChange(change: ChangeInput & ChangeSubject): Promise<Change> {
    return this.#log.recordChange(change);
  }

  listChanges(filter?: ChangeFilter): Promise<Change[]> {
    return this.#log.listChanges(filter);
  }

  latestSeq(): Promise<number> {
    return this.#log.latestSeq();
  }

  createRelease(release: Pick<Release, "sha" | "environment" | "deployedAt">, change: ChangeInput): Promise<Release> {
    return this.#releases.createRelease(release, change);
  }

  listReleases(filter?: ReleaseFilter): Promise<Release[]> {
    return this.#releases.listReleases(filter);
  }

  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord> {
    return this.#tokens.createToken(token, change);
  }

  findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.#tokens.findTokenByHash(hash);
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.#tokens.listTokens();
  }

  revokeToken(id: string, change: ChangeInput): Promise<TokenRecord> {
    return this.#tokens.revokeToken(id, change);
  }

  createSchedules(schedules: NewSchedule[], change: ChangeInput): Promise<Schedule[]> {
    return this.#schedules.createSchedules(schedules, change);
  }

  listSchedules(filter?: ScheduleFilter): Promise<Schedule[]> {
    return this.#schedules.listSchedules(filter);
  }

  claimDueSchedules(now: string, staleBefore: string, limit: number): Promise<Schedule[]> {
    return this.#schedules.claimDueSchedules(now, staleBefore, limit);
  }

  finishSchedule(id: string, outcome: { status: "done" | "failed"; error?: string; appliedAt: string }) {
    return this.#schedules.finishSchedule(id, outcome);
  }

  cancelSchedules(ids: { id?: string; planId?: string }, change: ChangeInput): Promise<Schedule[]> {
    return this.#schedules.cancelSchedules(ids, change);
  }

  acquireMonitorLease(monitor: string, owner: string, now: string, until: string): Promise<boolean> {
    return this.#monitors.acquireMonitorLease(monitor, owner, now, until);
  }

  releaseMonitorLease(monitor: string, owner: string): Promise<void> {
    return this.#monitors.releaseMonitorLease(monitor, owner);
  }

  getMonitorState<S>(monitor: string): Promise<S | undefined> {
    return this.#monitors.getMonitorState<S>(monitor);
  }

  saveMonitorState(monitor: string, owner: string, state: unknown, now: string): Promise<boolean> {
    return this.#monitors.saveMonitorState(monitor, owner, state, now);
  }

  appendAlert(alert: NewAlert): Promise<{ alert: Alert; created: boolean }> {
    return this.#monitors.appendAlert(alert);
  }

  setAlertAction(id: string, action: AlertAction): Promise<Alert> {
    return this.#monitors.setAlertAction(id, action);
  }

  resolveAlert(id: string, resolvedAt: string, spent: number): Promise<Alert> {
    return this.#monitors.resolveAlert(id, resolvedAt, spent);
  }

  getAlert(id: string): Promise<Alert | undefined> {
    return this.#monitors.getAlert(id);
  }

  listAlerts(filter?: AlertFilter): Promise<Alert[]> {
    return this.#monitors.listAlerts(filter);
  }

  appendDelivery(delivery: NewAlertDelivery): Promise<AlertDelivery> {
    return this.#monitors.appendDelivery(delivery);
  }

  listDeliveries(alertId: string): Promise<AlertDelivery[]> {
    return this.#monitors.listDeliveries(alertId);
  }

  onCommitted(listener: (seq: number) => void): () => void {
    return this.#log.onCommitted(listener);
  }

  async ping(): Promise<void> {
    if (this.#log.closed) throw new AppError("UNAVAILABLE", "The config store is closed.");
  }

  async close(): Promise<void> {
    this.#log.close();
  }
}

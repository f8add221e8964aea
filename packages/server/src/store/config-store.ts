/**
 * The config store: seven small ports — documents, change log, releases, tokens, schedules, commit feed, monitors — kept by one
 * backend so a write and its change commit together. One implementation per backend (`SqlConfigStore` over PGlite
 * or a PostgreSQL server) and a `FakeConfigStore` for unit tests; all of them pass each port's contract suite.
 * Services depend on the ports they use, not on this whole.
 */
import type { ChangeLog } from "./change-log.js";
import type { CommitFeed } from "./commit-feed.js";
import type { DocumentStore } from "./document-store.js";
import type { MonitorStore } from "./monitor-store.js";
import type { ReleaseStore } from "./release-store.js";
import type { ScheduleStore } from "./schedule-store.js";
import type { TokenStore } from "./token-store.js";

// The stored shapes are the API's wire types: one definition, in core.
export type { Change, DocumentKind, Release, Schedule, ScheduleStatus, StoredDocument } from "@switchboard/core";
// Who calls and why are the kernel's words; the store records them.
export type { ChangeInput, Role, TokenKind } from "../kernel/index.js";
export type { ChangeFilter, ChangeLog, ChangeSubject } from "./change-log.js";
export type { CommitFeed } from "./commit-feed.js";
export type { DocumentBatchWrite, DocumentStore, DocumentWrite } from "./document-store.js";
export type { AlertFilter, MonitorStore, NewAlert, NewAlertDelivery } from "./monitor-store.js";
export type { ReleaseFilter, ReleaseStore } from "./release-store.js";
export type { NewSchedule, ScheduleFilter, ScheduleStore } from "./schedule-store.js";
export type { TokenRecord, TokenStore } from "./token-store.js";

/** Every port at once, plus the lifecycle only the composition root needs. */
export interface ConfigStore
  extends DocumentStore,
    ChangeLog,
    ReleaseStore,
    TokenStore,
    ScheduleStore,
    CommitFeed,
    MonitorStore {
  /** Throws when the store cannot be reached (for `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

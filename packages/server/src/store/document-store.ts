import type { Change, DocumentKind, StoredDocument } from "@switchboard/core";
import type { ChangeInput } from "../kernel/index.js";

/** A document write and the change it logged in the same transaction. */
export interface DocumentWrite<T> {
  document: StoredDocument<T>;
  change: Change;
}

/** One write of a batch: a create (`expectedVersion: null`) or a compare-and-swap replace, with its change. */
export interface DocumentBatchWrite {
  kind: DocumentKind;
  key: string;
  /** `null` creates version 1 (CONFLICT if the key exists); a number replaces only that version. */
  expectedVersion: number | null;
  body: unknown;
  /** Sets the archive mark (replaces only); omitted keeps it. */
  archived?: boolean;
  change: ChangeInput;
}

/**
 * The documents port: versioned documents of any registered kind (see `DocumentKindRegistry`); every write logs a
 * change atomically, so a new kind gets versions, history and change-log markers without code of its own.
 */
export interface DocumentStore {
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
  /**
   * All or nothing: applies every write of the batch, each logging its change, in one transaction; when any one
   * fails (CONFLICT, NOT_FOUND) none is applied and that failure is thrown. Changes are logged in batch order.
   */
  writeDocuments(writes: readonly DocumentBatchWrite[]): Promise<DocumentWrite<unknown>[]>;
}

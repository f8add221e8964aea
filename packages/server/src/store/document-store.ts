import type { Change, DocumentKind, StoredDocument } from "@switchboard/core";
import type { ChangeInput } from "../kernel/index.js";

/** A document write and the change it logged in the same transaction. */
export interface DocumentWrite<T> {
  document: StoredDocument<T>;
  change: Change;
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
}

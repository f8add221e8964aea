import { AppError } from "../kernel/index.js";
import type { ChangeInput, DocumentKind, StoredDocument } from "./config-store.js";
import type { DocumentKindRegistry } from "./document-kind-registry.js";
import type { DocumentBatchWrite, DocumentStore, DocumentWrite } from "./document-store.js";
import type { FakeChangeLog } from "./fake-change-log.js";
import { clone, compareText } from "./fake-values.js";

/** The fake `DocumentStore`: documents in a map, each write logged in the shared fake change log. */
export class FakeDocumentStore implements DocumentStore {
  readonly #documents = new Map<string, StoredDocument>();
  readonly #log: FakeChangeLog;
  readonly #kinds: DocumentKindRegistry;

  constructor(log: FakeChangeLog, kinds: DocumentKindRegistry) {
    this.#log = log;
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
    this.#log.assertOpen();
    this.#kinds.require(kind);
    const existing = this.#documents.get(documentId(kind, key));
    if (existing !== undefined) {
      throw new AppError("CONFLICT", `${kind} "${key}" already exists.`, [], { currentVersion: existing.version });
    }
    const now = this.#log.now();
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
    const logged = this.#log.append({ ...change, subjectKind: kind, subjectKey: key, before: null, after: body }, 1);
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
    this.#log.assertOpen();
    this.#kinds.require(kind);
    const existing = this.#documents.get(documentId(kind, key));
    if (existing === undefined) throw new AppError("NOT_FOUND", `${kind} "${key}" does not exist.`);
    if (existing.version !== expectedVersion) throw versionConflict(kind, key, existing.version);
    const document: StoredDocument<T> = {
      ...existing,
      body: clone(body),
      version: existing.version + 1,
      archived: options?.archived ?? existing.archived,
      updatedAt: this.#log.now(),
    };
    this.#documents.set(documentId(kind, key), document);
    const subject = { subjectKind: kind, subjectKey: key, before: existing.body, after: body };
    const logged = this.#log.append({ ...change, ...subject }, document.version);
    return { document: clone(document), change: logged };
  }
  async writeDocuments(writes: readonly DocumentBatchWrite[]): Promise<DocumentWrite<unknown>[]> {
    this.#log.assertOpen();
    // Check the whole batch against the current state first, so a failing write leaves nothing applied.
    const versions = new Map<string, number | undefined>();
    for (const { kind, key, expectedVersion } of writes) {
      this.#kinds.require(kind);
      const id = documentId(kind, key);
      const current = versions.has(id) ? versions.get(id) : this.#documents.get(id)?.version;
      if (expectedVersion === null && current !== undefined)
        throw new AppError("CONFLICT", `${kind} "${key}" already exists.`, [], { currentVersion: current });
      if (expectedVersion !== null && current === undefined)
        throw new AppError("NOT_FOUND", `${kind} "${key}" does not exist.`);
      if (expectedVersion !== null && current !== expectedVersion) throw versionConflict(kind, key, current ?? 0);
      versions.set(id, (current ?? 0) + 1);
    }
    const written: DocumentWrite<unknown>[] = [];
    for (const write of writes) {
      const options = write.archived === undefined ? undefined : { archived: write.archived };
      written.push(
        write.expectedVersion === null
          ? await this.createDocument(write.kind, write.key, write.body, write.change)
          : await this.replaceDocument(write.kind, write.key, write.expectedVersion, write.body, write.change, options),
      );
    }
    return written;
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

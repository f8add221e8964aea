import { AppError } from "../kernel/index.js";
import type { ChangeInput, DocumentKind, DocumentWrite, StoredDocument } from "./config-store.js";
import { insertChange } from "./sql-changes.js";
import type { SqlQueryable, SqlTransaction } from "./sql-client.js";
import { type DocumentRow, jsonParam, toDocument } from "./sql-rows.js";

/** Reads one document, archived or not. */
export async function selectDocument<T>(
  db: SqlQueryable,
  kind: DocumentKind,
  key: string,
): Promise<StoredDocument<T> | undefined> {
  const rows = await db.query<DocumentRow>("SELECT * FROM documents WHERE kind = $1 AND key = $2", [kind, key]);
  return rows[0] === undefined ? undefined : toDocument<T>(rows[0]);
}

/** Lists the documents of one kind by key. */
export async function selectDocuments<T>(
  db: SqlQueryable,
  kind: DocumentKind,
  includeArchived: boolean,
): Promise<StoredDocument<T>[]> {
  const rows = await db.query<DocumentRow>(
    'SELECT * FROM documents WHERE kind = $1 AND ($2 OR NOT archived) ORDER BY key COLLATE "C"',
    [kind, includeArchived],
  );
  return rows.map((row) => toDocument<T>(row));
}

/** Inserts version 1 and its change; CONFLICT when the key is taken. */
export async function insertDocument<T>(
  tx: SqlTransaction,
  now: string,
  target: { kind: DocumentKind; key: string; body: T },
  change: ChangeInput,
): Promise<DocumentWrite<T>> {
  const { kind, key, body } = target;
  const rows = await tx.query<DocumentRow>(
    `INSERT INTO documents (kind, key, body, version, archived, created_at, updated_at)
     VALUES ($1, $2, $3::jsonb, 1, false, $4, $4)
     ON CONFLICT (kind, key) DO NOTHING
     RETURNING *`,
    [kind, key, jsonParam(body), now],
  );
  const row = rows[0];
  if (row === undefined) {
    const current = await selectDocument(tx, kind, key);
    throw new AppError("CONFLICT", `${kind} "${key}" already exists.`, [], { currentVersion: current?.version });
  }
  const document = toDocument<T>(row);
  const logged = await insertChange(tx, now, { ...change, subjectKind: kind, subjectKey: key, after: body }, 1);
  return { document, change: logged };
}

/** Compare-and-swap of a document and its change; NOT_FOUND or CONFLICT (with `currentVersion`) otherwise. */
export async function updateDocument<T>(
  tx: SqlTransaction,
  now: string,
  target: { kind: DocumentKind; key: string; expectedVersion: number; body: T; archived: boolean | undefined },
  change: ChangeInput,
): Promise<DocumentWrite<T>> {
  const { kind, key, expectedVersion, body } = target;
  const rows = await tx.query<DocumentRow & { before_body: unknown }>(
    `WITH old AS (
       SELECT body FROM documents WHERE kind = $1 AND key = $2 AND version = $3 FOR UPDATE
     )
     UPDATE documents d
        SET body = $4::jsonb, version = d.version + 1, archived = COALESCE($5, d.archived), updated_at = $6
       FROM old
      WHERE d.kind = $1 AND d.key = $2 AND d.version = $3
     RETURNING d.*, old.body AS before_body`,
    [kind, key, expectedVersion, jsonParam(body), target.archived ?? null, now],
  );
  const row = rows[0];
  if (row === undefined) throw await casFailure(tx, kind, key);
  const document = toDocument<T>(row);
  const subject = { subjectKind: kind, subjectKey: key, before: row.before_body, after: body };
  const logged = await insertChange(tx, now, { ...change, ...subject }, document.version);
  return { document, change: logged };
}

async function casFailure(tx: SqlTransaction, kind: DocumentKind, key: string): Promise<AppError> {
  const current = await selectDocument(tx, kind, key);
  if (current === undefined) return new AppError("NOT_FOUND", `${kind} "${key}" does not exist.`);
  return new AppError(
    "CONFLICT",
    `${kind} "${key}" was changed meanwhile (now version ${current.version}); reload it and try again.`,
    [],
    { currentVersion: current.version },
  );
}

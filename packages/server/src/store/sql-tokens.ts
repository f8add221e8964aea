import { AppError } from "../kernel/index.js";
import { publicToken } from "./change-subjects.js";
import type { ChangeInput, TokenRecord } from "./config-store.js";
import { insertChange } from "./sql-changes.js";
import type { SqlQueryable, SqlTransaction } from "./sql-client.js";
import { type TokenRow, toToken } from "./sql-rows.js";

/** Inserts a token and its change; CONFLICT when the id or the hash is taken. */
export async function insertToken(
  tx: SqlTransaction,
  now: string,
  token: Omit<TokenRecord, "createdAt" | "revokedAt">,
  change: ChangeInput,
): Promise<TokenRecord> {
  const rows = await tx.query<TokenRow>(
    `INSERT INTO tokens (id, kind, name, role, environment, hash, prefix, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING
     RETURNING *`,
    [token.id, token.kind, token.name, token.role, token.environment, token.hash, token.prefix, now],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError("CONFLICT", "A token with this id or this secret already exists.");
  const stored = toToken(row);
  const subject = { subjectKind: "token", subjectKey: token.id, after: publicToken(stored) };
  await insertChange(tx, now, { ...change, environment: change.environment ?? token.environment, ...subject }, null);
  return stored;
}

/** Finds a token by the hash of its secret. */
export async function selectTokenByHash(db: SqlQueryable, hash: string): Promise<TokenRecord | undefined> {
  const rows = await db.query<TokenRow>("SELECT * FROM tokens WHERE hash = $1", [hash]);
  return rows[0] === undefined ? undefined : toToken(rows[0]);
}

/** Lists every token, oldest first. */
export async function selectTokens(db: SqlQueryable): Promise<TokenRecord[]> {
  const rows = await db.query<TokenRow>("SELECT * FROM tokens ORDER BY created_at, id");
  return rows.map(toToken);
}

/** Revokes a token once (later calls return it unchanged, without a change); NOT_FOUND for an unknown id. */
export async function revokeTokenRow(
  tx: SqlTransaction,
  now: string,
  id: string,
  change: ChangeInput,
): Promise<TokenRecord> {
  const rows = await tx.query<TokenRow>("SELECT * FROM tokens WHERE id = $1 FOR UPDATE", [id]);
  const existing = rows[0] === undefined ? undefined : toToken(rows[0]);
  if (existing === undefined) throw new AppError("NOT_FOUND", `Token "${id}" does not exist.`);
  if (existing.revokedAt !== null) return existing;
  const updated = await tx.query<TokenRow>("UPDATE tokens SET revoked_at = $2 WHERE id = $1 RETURNING *", [id, now]);
  const revoked = updated[0] === undefined ? existing : toToken(updated[0]);
  const subject = { subjectKind: "token", subjectKey: id, before: publicToken(existing), after: publicToken(revoked) };
  await insertChange(tx, now, { ...change, environment: change.environment ?? existing.environment, ...subject }, null);
  return revoked;
}

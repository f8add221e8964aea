import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { SqlClient } from "./sql-client.js";

/** Where the versioned `NNNN_name.sql` files live (the same relative path from `src/store` and `dist/store`). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

// Any constant works, as long as every server uses the same one: it serialises concurrent start-ups.
const MIGRATION_LOCK_ID = 7_240_001;

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads the migration files in version order; rejects duplicate versions. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = /^(\d{4})_([a-z0-9_-]+)\.sql$/.exec(file);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    migrations.push({ version: Number(match[1]), name: match[2], sql: await readFile(`${dir}/${file}`, "utf8") });
  }
  migrations.forEach((migration, index) => {
    if (index > 0 && migrations[index - 1]?.version === migration.version) {
      throw new Error(`Two migrations have version ${migration.version}.`);
    }
  });
  return migrations;
}

/**
 * Applies the migrations not applied yet, in order, in one transaction holding an advisory lock, so that servers
 * starting together against one database never run a migration twice. Returns the versions it applied.
 */
export async function applyMigrations(client: SqlClient, migrations?: Migration[]): Promise<number[]> {
  const pending = migrations ?? (await readMigrations());
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newlyApplied: number[] = [];
    for (const migration of pending) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      newlyApplied.push(migration.version);
    }
    return newlyApplied;
  });
}

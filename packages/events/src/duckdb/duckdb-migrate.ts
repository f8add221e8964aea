import type { DuckDBConnection } from "@duckdb/node-api";
import { DUCKDB_MIGRATIONS, type EventMigration, MIGRATIONS_TABLE_SQL } from "./duckdb-migrations.js";

/** Applies the migrations not applied yet, each in its own transaction; returns the versions it applied. */
export async function applyDuckDbMigrations(
  connection: DuckDBConnection,
  migrations: readonly EventMigration[] = DUCKDB_MIGRATIONS,
): Promise<number[]> {
  await connection.run(MIGRATIONS_TABLE_SQL);
  const applied = new Set(
    (await connection.runAndReadAll("SELECT version FROM schema_migrations")).getRowsJS().map((row) => Number(row[0])),
  );
  const newlyApplied: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await connection.run("BEGIN TRANSACTION");
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [
        migration.version,
        migration.name,
      ]);
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK");
      throw error;
    }
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

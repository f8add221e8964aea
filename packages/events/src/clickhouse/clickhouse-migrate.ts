import type { ClickHouseStatements } from "./clickhouse-maintenance.js";
import {
  CLICKHOUSE_MIGRATIONS,
  CLICKHOUSE_MIGRATIONS_TABLE_SQL,
  type ClickHouseMigration,
} from "./clickhouse-migrations.js";

/**
 * Applies the migrations not applied yet, in version order; returns the versions it applied. ClickHouse has no
 * transactional DDL: each step's statements are idempotent, and a step is recorded only after all of them ran, so a
 * step interrupted half-way runs again in full at the next start.
 */
export async function applyClickHouseMigrations(
  db: ClickHouseStatements,
  migrations: readonly ClickHouseMigration[] = CLICKHOUSE_MIGRATIONS,
): Promise<number[]> {
  await db.command(CLICKHOUSE_MIGRATIONS_TABLE_SQL, {});
  const applied = new Set((await db.rows("SELECT version FROM schema_migrations", {})).map((row) => Number(row[0])));
  const newlyApplied: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements) await db.command(statement, {});
    await db.command("INSERT INTO schema_migrations (version, name) SELECT {version:UInt32}, {name:String}", {
      version: migration.version,
      name: migration.name,
    });
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

import { mkdir } from "node:fs/promises";
import { type Clock, systemClock } from "../kernel/index.js";
import type { DocumentKindRegistry } from "./document-kind-registry.js";
import { applyMigrations } from "./migrations.js";
import { PgliteSqlClient } from "./pglite-sql-client.js";
import { PostgresSqlClient } from "./postgres-sql-client.js";
import type { SqlClient } from "./sql-client.js";
import { SqlConfigStore } from "./sql-config-store.js";

/** Where the config store lives: a PostgreSQL server, or the embedded database in a data directory. */
export type ConfigStoreLocation = { databaseUrl: string } | { dataDir: string };

/** Opens the SQL client for a location (PostgreSQL server if a URL is given, else PGlite on the directory). */
export async function openSqlClient(location: ConfigStoreLocation): Promise<SqlClient> {
  if ("databaseUrl" in location) return PostgresSqlClient.open(location.databaseUrl);
  await mkdir(location.dataDir, { recursive: true });
  return PgliteSqlClient.open(location.dataDir);
}

/** Opens the config store chosen by config, applies pending migrations and returns it ready to use. */
export async function openConfigStore(
  location: ConfigStoreLocation,
  options: { clock?: Clock; kinds?: DocumentKindRegistry } = {},
): Promise<SqlConfigStore> {
  const client = await openSqlClient(location);
  try {
    await applyMigrations(client);
    return await SqlConfigStore.open(client, options.clock ?? systemClock, options.kinds);
  } catch (error) {
    await client.close();
    throw error;
  }
}

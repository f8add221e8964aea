export * from "./config-store.js";
export { BUILT_IN_DOCUMENT_KINDS, DocumentKindRegistry } from "./document-kind-registry.js";
export { FakeConfigStore } from "./fake-config-store.js";
export { applyMigrations, MIGRATIONS_DIR, type Migration, readMigrations } from "./migrations.js";
export { type ConfigStoreLocation, openConfigStore, openSqlClient } from "./open-config-store.js";
export { PgliteSqlClient } from "./pglite-sql-client.js";
export { createScratchDatabase, type ScratchDatabase } from "./postgres-scratch-database.js";
export {
  createDatabase,
  dropDatabase,
  PostgresSqlClient,
  type PostgresSqlClientOptions,
} from "./postgres-sql-client.js";
export { CHANGES_CHANNEL } from "./sql-changes.js";
export type { ListenOptions, SqlClient, SqlQueryable, SqlTransaction } from "./sql-client.js";
export { SqlConfigStore } from "./sql-config-store.js";
export { classifySqlError } from "./sql-errors.js";

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerConfig } from "../../config/server-config.js";
import { serverDocumentKinds } from "../../control-plane/document-kinds.js";
import { openConfigStore } from "../../store/open-config-store.js";
import { createScratchDatabase } from "../../store/postgres-scratch-database.js";
import type { SqlConfigStore } from "../../store/sql-config-store.js";
import { createTestAppOver, ManualClock, type TestApp, type TestAppOptions } from "./create-test-app.js";

/** Where a SQL-backed test app keeps its config: embedded PGlite, or the PostgreSQL server tests use. */
export type SqlBackend = "pglite" | "postgres";

const POSTGRES_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A test app over a real SQL config store; `dispose` closes it and deletes its data. */
export type SqlTestApp = TestApp<SqlConfigStore> & { dispose(): Promise<void> };

/** Builds a test app over a fresh PGlite directory or a scratch PostgreSQL database. */
export async function createSqlTestApp(
  backend: SqlBackend,
  config: Partial<ServerConfig> = {},
  options: TestAppOptions = {},
): Promise<SqlTestApp> {
  const clock = new ManualClock();
  const location = await freshLocation(backend);
  const store = await openConfigStore(location.where, { clock, kinds: serverDocumentKinds() });
  const t = await createTestAppOver(store, clock, config, options);
  return {
    ...t,
    dispose: async () => {
      await t.app.close();
      await store.close();
      await location.remove();
    },
  };
}

async function freshLocation(backend: SqlBackend) {
  if (backend === "postgres") {
    const database = await createScratchDatabase(POSTGRES_URL);
    return { where: { databaseUrl: database.url }, remove: () => database.drop() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-app-"));
  return { where: { dataDir }, remove: () => rm(dataDir, { recursive: true, force: true }) };
}

import { describeConfigStoreContract } from "./config-store.contract.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";
import { openConfigStore } from "./open-config-store.js";
import { createScratchDatabase } from "./postgres-scratch-database.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

describeConfigStoreContract(
  "PostgreSQL server",
  async () => {
    const database = await createScratchDatabase(SERVER_URL);
    const kinds = DocumentKindRegistry.withBuiltIns();
    const store = await openConfigStore({ databaseUrl: database.url }, { kinds });
    return {
      store,
      kinds,
      rawQuery: (sql: string, params?: readonly unknown[]) => store.sqlClient.query(sql, params),
      openPeer: () => openConfigStore({ databaseUrl: database.url }),
      teardown: async () => {
        await store.close();
        await database.drop();
      },
    };
  },
  { rawSql: true, cluster: true },
);

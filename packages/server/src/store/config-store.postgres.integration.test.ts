import { randomUUID } from "node:crypto";
import { describeConfigStoreContract } from "./config-store.contract.js";
import { openConfigStore } from "./open-config-store.js";
import { createDatabase, dropDatabase } from "./postgres-sql-client.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the test server. */
function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

describeConfigStoreContract(
  "PostgreSQL server",
  async () => {
    const name = `switchboard_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    try {
      await createDatabase(SERVER_URL, name);
    } catch (error) {
      throw new Error(
        `PostgreSQL must run at ${SERVER_URL} for these tests (set SWITCHBOARD_TEST_POSTGRES_URL to use another): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    const url = databaseUrl(name);
    const store = await openConfigStore({ databaseUrl: url });
    return {
      store,
      rawQuery: (sql: string) => store.sqlClient.query(sql),
      openPeer: () => openConfigStore({ databaseUrl: url }),
      teardown: async () => {
        await store.close();
        await dropDatabase(SERVER_URL, name);
      },
    };
  },
  { rawSql: true, cluster: true },
);

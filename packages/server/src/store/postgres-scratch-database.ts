import { randomUUID } from "node:crypto";
import { createDatabase, dropDatabase } from "./postgres-sql-client.js";

/** A throw-away database on a PostgreSQL server, for tests. */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates `switchboard_test_<random>` on the server at `serverUrl`; fails with a message saying which server is
 * expected when it cannot be reached.
 */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `switchboard_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  try {
    await createDatabase(serverUrl, name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Tests need PostgreSQL at ${serverUrl} (SWITCHBOARD_TEST_POSTGRES_URL overrides it): ${reason}`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(serverUrl, name) };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../kernel/app-error.js";
import { waitFor } from "./config-store-helpers.contract.js";
import { readMigrations } from "./migrations.js";
import { openConfigStore } from "./open-config-store.js";
import { createScratchDatabase, type ScratchDatabase } from "./postgres-scratch-database.js";
import { PostgresSqlClient } from "./postgres-sql-client.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("PostgreSQL adapter", () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(SERVER_URL);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("migrates once when several servers start at the same moment", async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openConfigStore({ databaseUrl: database.url })));
    try {
      const [first] = stores;
      const rows = await first?.sqlClient.query<{ version: number }>("SELECT version FROM schema_migrations");
      expect(rows?.map((r) => r.version).sort()).toEqual((await readMigrations()).map((m) => m.version));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it("reports an unreachable server or a missing database as UNAVAILABLE", async () => {
    expect((await appErrorOf(PostgresSqlClient.open("postgres://postgres@127.0.0.1:1/none"))).code).toBe("UNAVAILABLE");
    const missing = new URL(database.url);
    missing.pathname = "/switchboard_no_such_database";
    expect((await appErrorOf(PostgresSqlClient.open(missing.toString()))).code).toBe("UNAVAILABLE");
  });

  it("reports a unique violation as CONFLICT without echoing the values", async () => {
    const client = await PostgresSqlClient.open(database.url);
    try {
      await client.exec("CREATE TABLE IF NOT EXISTS uniq_probe (v text UNIQUE)");
      await client.query("INSERT INTO uniq_probe (v) VALUES ($1)", ["secret-value"]);
      const error = await appErrorOf(client.query("INSERT INTO uniq_probe (v) VALUES ($1)", ["secret-value"]));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).not.toContain("secret-value");
    } finally {
      await client.close();
    }
  });

  it("re-establishes a dropped LISTEN connection and catches up on commits made meanwhile", async () => {
    const store = await openConfigStore({ databaseUrl: database.url });
    try {
      const seen: number[] = [];
      store.onCommitted((seq) => seen.push(seq));
      const change = () =>
        store.recordChange({ actor: "t", action: "pool.switch", subjectKind: "pool", subjectKey: "p" });
      await change();
      await waitFor(() => seen.length === 1);
      const terminated = await store.sqlClient.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
      );
      expect(terminated).toHaveLength(1);
      const missed = await change();
      await waitFor(() => seen.includes(missed.seq));
      const after = await change();
      await waitFor(() => seen.includes(after.seq));
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    } finally {
      await store.close();
    }
  });
});

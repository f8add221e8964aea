import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../kernel/app-error.js";
import { openConfigStore } from "./open-config-store.js";
import { createScratchDatabase } from "./postgres-scratch-database.js";
import type { SqlConfigStore } from "./sql-config-store.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function withPglite(use: (store: SqlConfigStore) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-nul-"));
  const store = await openConfigStore({ dataDir });
  try {
    await use(store);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function withPostgres(use: (store: SqlConfigStore) => Promise<void>): Promise<void> {
  const database = await createScratchDatabase(SERVER_URL);
  const store = await openConfigStore({ databaseUrl: database.url });
  try {
    await use(store);
  } finally {
    await store.close();
    await database.drop();
  }
}

const change = { actor: "ana", action: "flag.create" };

describe.each([
  ["PGlite", withPglite],
  ["PostgreSQL server", withPostgres],
])("NUL characters reaching the %s config store", (_, withStore) => {
  it("D5: a NUL in a key, a text column or a jsonb string is a BAD_REQUEST, not a driver error", async () => {
    await withStore(async (store) => {
      const attempts = [
        () => store.getDocument("flag", "a\u0000b"),
        () => store.createDocument("flag", "a\u0000b", { description: "x" }, change),
        () => store.createDocument("flag", "ok", { description: "a\u0000b" }, change),
        () => store.createDocument("flag", "ok2", { description: "x" }, { ...change, reason: "why\u0000" }),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: "BAD_REQUEST" });
      }
      expect(await store.getDocument("flag", "ok")).toBeUndefined();
    });
  }, 60_000);
});

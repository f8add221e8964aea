import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { sampleEvent } from "../store/event-store.contract.js";
import { DuckDbEventStore } from "./duckdb-event-store.js";
import { applyDuckDbMigrations } from "./duckdb-migrate.js";
import { DUCKDB_MIGRATIONS } from "./duckdb-migrations.js";

describe("DuckDB batch ids", () => {
  it("D9: a batch id stored before ids were scoped still catches its retry, in its own environment only", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sb-batch-ids-"));
    const path = join(dir, "events.duckdb");
    try {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      await applyDuckDbMigrations(
        connection,
        DUCKDB_MIGRATIONS.filter((migration) => migration.version <= 4),
      );
      await connection.run("INSERT INTO ingest_batches VALUES ('before-upgrade', 'production', now(), 1)");
      connection.closeSync();
      instance.closeSync();

      const store = await DuckDbEventStore.open({ path, threads: 1 });
      const retry = { batchId: "before-upgrade", items: [sampleEvent("e1")] };
      for (const keyKind of ["client-sdk", "server-sdk", "admin"] as const) {
        expect(await store.append({ ...retry, environment: "production", keyKind })).toEqual({
          stored: 0,
          duplicate: true,
        });
      }
      expect(await store.append({ ...retry, environment: "staging", keyKind: "server-sdk" })).toEqual({
        stored: 1,
        duplicate: false,
      });
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

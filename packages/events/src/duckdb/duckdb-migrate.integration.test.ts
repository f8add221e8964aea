import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { DuckDbEventStore } from "./duckdb-event-store.js";
import { applyDuckDbMigrations } from "./duckdb-migrate.js";
import { DUCKDB_MIGRATIONS } from "./duckdb-migrations.js";

describe("DuckDB event schema migrations", () => {
  it("brings a version 3 file up to date, filling the message texts of rows written before version 4", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sb-migrate-"));
    const path = join(dir, "events.duckdb");
    try {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      const applied = await applyDuckDbMigrations(
        connection,
        DUCKDB_MIGRATIONS.filter((migration) => migration.version <= 3),
      );
      expect(applied).toEqual([1, 2, 3]);
      const row = "'e1', TIMESTAMP '2026-03-01 12:00:00', DATE '2026-03-01', 'production', 'r1'";
      await connection.run(
        `INSERT INTO assignments VALUES (${row}, 'exp-13', 'B', 'request', 'u1', '200', 12, [], [], []),
                                        (${row}, 'other', 'on', 'request', 'u1', '200', 12, [], [], [])`,
      );
      await connection.run(
        `INSERT INTO event_messages VALUES ('e1', TIMESTAMP '2026-03-01 12:00:00', DATE '2026-03-01', 'production',
           'r1', 'request', 2, 'second'), ('e1', TIMESTAMP '2026-03-01 12:00:00', DATE '2026-03-01', 'production',
           'r1', 'request', 1, 'first')`,
      );
      connection.closeSync();
      instance.closeSync();

      const store = await DuckDbEventStore.open({ path });
      const texts = await store.run({ sql: "SELECT flag, message_texts FROM assignments ORDER BY flag", params: [] });
      expect(texts.rows).toEqual([
        ["exp-13", ["first", "second"]],
        ["other", ["first", "second"]],
      ]);
      const versions = await store.run({ sql: "SELECT max(version) FROM schema_migrations", params: [] });
      expect(versions.rows).toEqual([[DUCKDB_MIGRATIONS.at(-1)?.version]]);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

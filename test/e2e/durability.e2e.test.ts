import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../packages/server/src/store/postgres-scratch-database.js";
import { POSTGRES_SERVER_URL } from "./postgres-url.js";
import { api, type ServeProcess, startServe } from "./serve-process.js";

const adminToken = "sb_admin_durability-test-token-0123456789";
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * Fires flag creations, 8 in flight at a time, until `killAfterAcks` were acknowledged, then `kill -9`s the
 * server while the others are still in flight. Returns the keys that got a 2xx.
 */
async function burstThenKill(server: ServeProcess, killAfterAcks: number): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      const key = `burst-${next++}`;
      try {
        const response = await api(server.url, adminToken, "POST", "/api/v1/flags", {
          key,
          type: "boolean",
          defaultVariation: "off",
          environments: { production: { enabled: true, rules: [{ id: "all", kind: "force", serve: "on" }] } },
        });
        if (response.status === 201) acknowledged.push(key);
      } catch {
        // The connection died with the server: this write was never acknowledged.
      }
      if (!killed && acknowledged.length >= killAfterAcks) {
        killed = true;
        server.child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await server.exited;
  return acknowledged;
}

async function expectEveryAcknowledgedWriteKept(server: ServeProcess, acknowledged: string[]) {
  const listed = await api(server.url, adminToken, "GET", "/api/v1/flags");
  expect(listed.status).toBe(200);
  const stored = new Set(listed.body.items.map((item: { key: string }) => item.key));
  expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
  // Nothing half-written: every stored flag is whole (version 1) and has its one change in the audit log.
  const changes = await api(server.url, adminToken, "GET", "/api/v1/changes?action=flag.create&limit=1000");
  const logged = changes.body.items.map((change: { subjectKey: string }) => change.subjectKey).sort();
  expect(logged).toEqual([...stored].sort());
  for (const item of listed.body.items) expect(item.version).toBe(1);
}

describe("every acknowledged write survives kill -9 of the server", () => {
  test("on the embedded store", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sb-durable-"));
    const env = { SWITCHBOARD_ADMIN_TOKEN: adminToken };
    const acknowledged = await burstThenKill(await startServe({ dataDir, env }), 40);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    const restarted = await startServe({ dataDir, env });
    cleanups.push(async () => restarted.child.kill("SIGKILL"));
    await expectEveryAcknowledgedWriteKept(restarted, acknowledged);
  }, 120_000);

  test("on a PostgreSQL server", async () => {
    const database: ScratchDatabase = await createScratchDatabase(POSTGRES_SERVER_URL);
    const env = { SWITCHBOARD_ADMIN_TOKEN: adminToken, SWITCHBOARD_DATABASE_URL: database.url };
    const dataDir = mkdtempSync(join(tmpdir(), "sb-durable-pg-"));
    const acknowledged = await burstThenKill(await startServe({ dataDir, env }), 40);
    const restarted = await startServe({ dataDir, env });
    cleanups.push(async () => {
      restarted.child.kill("SIGKILL");
      await restarted.exited;
      await database.drop();
    });
    await expectEveryAcknowledgedWriteKept(restarted, acknowledged);
  }, 120_000);
});

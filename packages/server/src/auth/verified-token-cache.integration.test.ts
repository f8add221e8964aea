import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeApp } from "../compose-features.js";
import { issueToken } from "../control-plane/tokens/token-service.js";
import { TEST_CONFIG } from "../http/testing/create-test-app.js";
import { systemClock } from "../kernel/clock.js";
import type { ConfigStore } from "../store/config-store.js";
import { applyMigrations } from "../store/migrations.js";
import { openConfigStore } from "../store/open-config-store.js";
import { PgliteSqlClient } from "../store/pglite-sql-client.js";
import { createScratchDatabase, type ScratchDatabase } from "../store/postgres-scratch-database.js";
import { SqlConfigStore } from "../store/sql-config-store.js";
import { TokenAuthenticator } from "./token-authenticator.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const system = { actor: "system", role: "admin" as const, reason: null };

async function prepare(store: ConfigStore): Promise<{ admin: string; key: string; keyId: string }> {
  await store.createDocument("environment", "production", {}, { actor: "system", action: "environment.create" });
  const admin = await issueToken(store, { kind: "admin", name: "root", role: "admin", environment: null }, system);
  const key = await issueToken(
    store,
    { kind: "server-sdk", name: "web", role: null, environment: "production" },
    system,
  );
  return { admin: admin.secret, key: key.secret, keyId: key.token.id };
}

async function appOver(store: ConfigStore, events: DuckDbEventStore): Promise<FastifyInstance> {
  const app = composeApp({
    config: TEST_CONFIG,
    store,
    auth: new TokenAuthenticator(store, systemClock),
    clock: systemClock,
    events,
  });
  await app.ready();
  return app;
}

let counter = 0;
function ingest(app: FastifyInstance, key: string) {
  const now = new Date().toISOString();
  const batch = Array.from({ length: 50 }, () => ({ type: "event", id: `d11-${counter++}`, ts: now, name: "page" }));
  return app.inject({
    method: "POST",
    url: "/api/v1/events",
    headers: { authorization: `Bearer ${key}` },
    payload: batch,
  });
}

describe("verified token cache", { timeout: 120_000 }, () => {
  let dataDir: string;
  let events: DuckDbEventStore;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sb-token-cache-"));
    events = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
  }, 60_000);
  afterAll(async () => {
    await events.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("D11: embedded ingest authenticates a known key without the config connection, and a revoked key is refused at once", async () => {
    const client = await PgliteSqlClient.open(join(dataDir, "config"));
    await applyMigrations(client);
    const store = await SqlConfigStore.open(client, systemClock);
    const { admin, key, keyId } = await prepare(store);
    const app = await appOver(store, events);
    expect((await ingest(app, key)).statusCode).toBe(200);
    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/tokens/${keyId}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.statusCode).toBe(200);
    expect((await ingest(app, key)).statusCode).toBe(401);

    const other = await issueToken(
      store,
      { kind: "client-sdk", name: "browser", role: null, environment: "production" },
      system,
    );
    expect((await ingest(app, other.secret)).statusCode).toBe(200);
    // With the config connection gone, ingest can only answer from what it already verified.
    await client.close();
    expect((await ingest(app, other.secret)).statusCode).toBe(200);
    await app.close();
    await store.close();
  });

  it("D11: a key revoked on another server of the cluster is refused within a second", async () => {
    let database: ScratchDatabase | undefined;
    try {
      database = await createScratchDatabase(SERVER_URL);
      const storeA = await openConfigStore({ databaseUrl: database.url });
      const storeB = await openConfigStore({ databaseUrl: database.url });
      const { key, keyId } = await prepare(storeA);
      const app = await appOver(storeA, events);
      expect((await ingest(app, key)).statusCode).toBe(200);
      await storeB.revokeToken(keyId, { actor: "ops", action: "token.revoke" });
      const revokedAt = performance.now();
      let status = 200;
      while (status === 200 && performance.now() - revokedAt < 2_000) {
        status = (await ingest(app, key)).statusCode;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(401);
      expect(performance.now() - revokedAt).toBeLessThan(1_000);
      await app.close();
      await storeA.close();
      await storeB.close();
    } finally {
      await database?.drop();
    }
  });
});

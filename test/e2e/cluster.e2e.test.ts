import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../packages/server/src/store/postgres-scratch-database.js";
import { POSTGRES_SERVER_URL } from "./postgres-url.js";
import { api, openStream, type ServeProcess, startServe } from "./serve-process.js";

const adminToken = "sb_admin_cluster-test-token-0123456789";
let database: ScratchDatabase;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES_SERVER_URL);
  const env = { SWITCHBOARD_DATABASE_URL: database.url, SWITCHBOARD_ADMIN_TOKEN: adminToken };
  // Started one after the other on purpose too: the second must find the schema and environments in place.
  servers.push(await startServe({ dataDir: mkdtempSync(join(tmpdir(), "sb-a-")), env }));
  servers.push(await startServe({ dataDir: mkdtempSync(join(tmpdir(), "sb-b-")), env }));
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.child.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  await database?.drop();
});

describe("several servers on one PostgreSQL form one cluster", () => {
  test("a change made through one server reaches the SDK streams of the other", async () => {
    const [a, b] = servers as [ServeProcess, ServeProcess];
    const key = await api(a.url, adminToken, "POST", "/api/v1/tokens", {
      kind: "server-sdk",
      name: "cluster-test",
      environment: "production",
    });
    expect(key.status).toBe(201);
    const stream = await openStream(`${b.url}/api/v1/sdk/stream`, key.body.secret);
    await stream.waitFor((event) => event.event === "payload");

    const created = await api(a.url, adminToken, "POST", "/api/v1/flags", {
      key: "cluster-flag",
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { enabled: true, rules: [] } },
    });
    expect(created.status).toBe(201);
    await stream.waitFor((event) => event.data.includes("cluster-flag"), 10_000);

    const killed = await api(b.url, adminToken, "POST", "/api/v1/flags/cluster-flag/environments/production/kill", {
      reason: "cluster test",
    });
    expect(killed.status).toBe(200);
    const changes = await api(a.url, adminToken, "GET", "/api/v1/changes?subjectKey=cluster-flag");
    expect(changes.body.items.map((c: { action: string }) => c.action)).toEqual(["flag.kill", "flag.create"]);
    stream.close();
  });
});

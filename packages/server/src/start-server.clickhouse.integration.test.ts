// The composition root with SWITCHBOARD_EVENTS_URL set: two servers (their own data folders, as on two machines) keep
// events in one ClickHouse — chDB 26.x behind the test-only HTTP interface of test/clickhouse-engine, which the
// product's `@clickhouse/client` talks to as it would to `clickhouse-server`.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../events/src/clickhouse/testing/clickhouse-test-engine.js";
import { sampleEvent } from "../../events/src/store/event-store.contract.js";
import { parseServerConfig } from "./config/index.js";
import { type RunningServer, startServer } from "./start-server.js";

let engine: ClickHouseTestEngine;
const dirs: string[] = [];
const admin = `sb_admin_${randomBytes(24).toString("hex")}`;

beforeAll(async () => {
  engine = await startClickHouseTestEngine();
}, 60_000);
afterAll(async () => {
  await engine?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serve(): Promise<{ server: RunningServer; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "sb-clickhouse-serve-"));
  dirs.push(dir);
  const config = parseServerConfig(
    { host: "127.0.0.1", port: 0, data: dir },
    {
      SWITCHBOARD_EVENTS_URL: `${engine.url}/shared_events`,
      SWITCHBOARD_ADMIN_TOKEN: admin,
      SWITCHBOARD_SHUTDOWN_GRACE_MS: "200",
    },
  );
  return { server: await startServer(config), dir };
}

async function send(server: RunningServer, key: string, id: string): Promise<{ stored: number; duplicate: boolean }> {
  const response = await fetch(`${server.url}/api/v1/events?environment=production`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify([sampleEvent(id, { ts: new Date().toISOString() })]),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { stored: number; duplicate: boolean };
}

async function count(server: RunningServer): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify({ kind: "aggregate", last: "1h", environment: "production", aggregates: [{ fn: "count" }] }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: unknown[][] }).rows;
}

describe("switchboard serve with SWITCHBOARD_EVENTS_URL", () => {
  it("keeps events in ClickHouse, and an Idempotency-Key holds across servers", async () => {
    const first = await serve();
    try {
      expect(await send(first.server, "batch-1", "e1")).toEqual(
        expect.objectContaining({ stored: 1, duplicate: false }),
      );
      expect(await count(first.server)).toEqual([[1]]);
      expect(existsSync(join(first.dir, "events.duckdb"))).toBe(false);
      const second = await serve();
      try {
        // The client's retry lands on the other server: answered as a duplicate, stored once.
        expect(await send(second.server, "batch-1", "e1")).toEqual(
          expect.objectContaining({ stored: 0, duplicate: true }),
        );
        expect(await send(second.server, "batch-2", "e2")).toEqual(expect.objectContaining({ stored: 1 }));
        expect(await count(first.server)).toEqual([[2]]);
        expect(await count(second.server)).toEqual([[2]]);
      } finally {
        await second.server.close();
      }
    } finally {
      await first.server.close();
    }
  }, 60_000);

  it("refuses to start on a URL that is not ClickHouse's, naming the variable", () => {
    expect(() => parseServerConfig({}, { SWITCHBOARD_EVENTS_URL: "mysql://db:3306/x" })).toThrow(
      /SWITCHBOARD_EVENTS_URL must start with clickhouse:\/\//,
    );
  });
});

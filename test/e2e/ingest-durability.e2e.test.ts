import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { RobustnessTally } from "../../packages/server/src/robustness/testing/robustness-tally.js";
import { api, type ServeProcess, startServe } from "./serve-process.js";

// Concurrent event ingest (two environments) and flag writes against the real `switchboard serve`, then `kill -9`
// while requests are in flight: everything answered 2xx must be there after the restart (docs/ARCHITECTURE.md §7).
const adminToken = "sb_admin_robustness-durability-0123456789";
const env = { SWITCHBOARD_ADMIN_TOKEN: adminToken };
const tally = new RobustnessTally("kill-9-durability");
const running: ServeProcess[] = [];
const KILL_AFTER = { batches: 15, flags: 10, maxMs: 15_000 };

afterAll(() => {
  tally.print();
  for (const server of running) server.child.kill("SIGKILL");
});

interface Acknowledged {
  events: Map<string, string[]>;
  flags: string[];
}

async function createKey(server: ServeProcess, environment: string): Promise<string> {
  const body = { kind: "server-sdk", name: `durability-${environment}`, environment };
  const created = await api(server.url, adminToken, "POST", "/api/v1/tokens", body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return String(created.body.secret);
}

async function post(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Runs ingest and flag writers until enough was acknowledged (or time is up), then kills the server mid-flight. */
async function loadThenKill(server: ServeProcess, keys: Record<string, string>): Promise<Acknowledged> {
  const acked: Acknowledged = { events: new Map(Object.keys(keys).map((e) => [e, []])), flags: [] };
  const started = Date.now();
  let killed = false;
  let next = 0;
  const maybeKill = () => {
    const batches = [...acked.events.values()].reduce((sum, ids) => sum + ids.length / 10, 0);
    const enough = batches >= KILL_AFTER.batches && acked.flags.length >= KILL_AFTER.flags;
    if (!killed && (enough || Date.now() - started > KILL_AFTER.maxMs)) {
      killed = true;
      server.child.kill("SIGKILL");
    }
  };
  const ingestWorker = (environment: string, key: string) => async () => {
    while (!killed) {
      const batch = next++;
      const ids = Array.from({ length: 10 }, (_, i) => `dur-${batch}-${i}`);
      const events = ids.map((id) => ({
        type: "event",
        id,
        ts: new Date().toISOString(),
        name: "request",
        durationMs: 5,
      }));
      const request = `POST /api/v1/events batch ${batch} (${environment})`;
      try {
        const answer = await post(`${server.url}/api/v1/events`, key, events, { "idempotency-key": `dur-${batch}` });
        tally.record("ingest batches", request, { statusCode: answer.status, body: answer.text });
        if (answer.status === 200) acked.events.get(environment)?.push(...ids);
      } catch {
        // The connection died with the server: never acknowledged.
      }
      maybeKill();
    }
  };
  const flagWorker = async () => {
    while (!killed) {
      const key = `dur-flag-${next++}`;
      try {
        const answer = await api(server.url, adminToken, "POST", "/api/v1/flags", {
          key,
          type: "boolean",
          defaultVariation: "off",
        });
        tally.record("flag writes", `POST /api/v1/flags ${key}`, {
          statusCode: answer.status,
          body: JSON.stringify(answer.body),
        });
        if (answer.status === 201) acked.flags.push(key);
      } catch {
        // As above.
      }
      maybeKill();
    }
  };
  const workers = Object.entries(keys).flatMap(([environment, key]) =>
    [1, 2].map(() => ingestWorker(environment, key)),
  );
  await Promise.all([...workers, flagWorker, flagWorker, flagWorker].map((run) => run()));
  await server.exited;
  return acked;
}

async function countStored(server: ServeProcess, environment: string, ids: string[]): Promise<number> {
  let stored = 0;
  for (let i = 0; i < ids.length; i += 1_000) {
    const chunk = ids.slice(i, i + 1_000);
    const answer = await api(server.url, adminToken, "POST", "/api/v1/query", {
      kind: "aggregate",
      last: "1h",
      environment,
      aggregates: [{ fn: "count" }],
      where: [{ field: "id", op: "in", value: chunk }],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    stored += Number(answer.body.rows[0]?.[0] ?? 0);
  }
  return stored;
}

test("every ingested batch and flag write acknowledged before kill -9 is there after the restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-robust-durable-"));
  const first = await startServe({ dataDir, env });
  running.push(first);
  const keys = { production: await createKey(first, "production"), development: await createKey(first, "development") };
  const acked = await loadThenKill(first, keys);
  const restarted = await startServe({ dataDir, env });
  running.push(restarted);

  const listed = await api(restarted.url, adminToken, "GET", "/api/v1/flags");
  const stored = new Set(listed.body.items.map((item: { key: string }) => item.key));
  const lostFlags = acked.flags.filter((key) => !stored.has(key));
  if (lostFlags.length > 0) {
    tally.lost(
      "flag writes",
      "flags acknowledged before kill -9",
      { statusCode: 201, body: lostFlags.join(", ") },
      lostFlags.length,
    );
  }
  for (const [environment, ids] of acked.events) {
    const found = await countStored(restarted, environment, ids);
    if (found < ids.length) {
      const answer = { statusCode: 200, body: `${found} of ${ids.length} acknowledged events found` };
      tally.lost("ingest batches", `events acknowledged in ${environment} before kill -9`, answer, ids.length - found);
    }
  }
  const events = [...acked.events.values()].reduce((sum, ids) => sum + ids.length, 0);
  expect(events, "ingest acknowledged nothing before the kill").toBeGreaterThan(0);
  expect(acked.flags.length, "no flag write was acknowledged before the kill").toBeGreaterThan(0);
  expect([...tally.report("ingest batches"), ...tally.report("flag writes")]).toEqual([]);
}, 150_000);

// Three `switchboard serve` processes on one PostgreSQL and ONE shared ClickHouse for events, behind a real HAProxy
// configured by `switchboard cluster haproxy-config`. The ClickHouse is the test-only engine of test/clickhouse-engine:
// chDB (ClickHouse 26.x in-process) behind a loopback server speaking ClickHouse's HTTP interface — no current
// `clickhouse-server` binary installs on this machine class — and the product talks to it with the same
// `@clickhouse/client` settings it uses against a real server. One server (the one running the monitor) is killed
// with -9 while events are written through every server and the balancer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../packages/events/src/clickhouse/testing/clickhouse-test-engine.js";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../packages/server/src/store/postgres-scratch-database.js";
import { PostgresSqlClient } from "../../packages/server/src/store/postgres-sql-client.js";
import { eventually, type HaproxyCluster, startHaproxyCluster } from "./cluster-failover.js";
import { POSTGRES_SERVER_URL } from "./postgres-url.js";
import { api, type ServeProcess } from "./serve-process.js";

const ADMIN = "sb_admin_cluster-clickhouse-0123456789";
const DATABASE = "cluster_events";
const MINUTE = 60_000;
/** Short enough for the test to see a dead server's monitor move on; 20 passes of 500 ms. */
const LEASE_MS = 10_000;
let engine: ClickHouseTestEngine;
let database: ScratchDatabase;
let postgres: PostgresSqlClient;
let cluster: HaproxyCluster;

beforeAll(async () => {
  engine = await startClickHouseTestEngine();
  database = await createScratchDatabase(POSTGRES_SERVER_URL);
  postgres = await PostgresSqlClient.open(database.url, { poolSize: 2 });
  cluster = await startHaproxyCluster({
    SWITCHBOARD_DATABASE_URL: database.url,
    SWITCHBOARD_EVENTS_URL: `${engine.url}/${DATABASE}`,
    SWITCHBOARD_ADMIN_TOKEN: ADMIN,
    SWITCHBOARD_TRUST_PROXY: "1",
    SWITCHBOARD_MONITOR_INTERVAL_MS: "500",
    SWITCHBOARD_MONITOR_LAG_MS: "1000",
    SWITCHBOARD_MONITOR_LEASE_MS: String(LEASE_MS),
  });
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  await postgres?.close();
  await database?.drop();
  await engine?.stop();
});

/** Asks the ClickHouse engine itself (not through Switchboard) one row of tab-separated numbers. */
async function clickhouse(sql: string): Promise<number[]> {
  const response = await fetch(`${engine.url}/?database=${DATABASE}&default_format=TabSeparated`, {
    method: "POST",
    body: sql,
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text.trim().split("\t").map(Number);
}

interface Batch {
  key: string;
  items: object[];
}

/** Sends one batch with its Idempotency-Key; answers the body on a 200, undefined on anything else. */
async function send(base: string, batch: Batch): Promise<{ stored: number; duplicate: boolean } | undefined> {
  const response = await fetch(`${base}/api/v1/events?environment=production`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json", "idempotency-key": batch.key },
    body: JSON.stringify(batch.items),
  }).catch(() => undefined);
  if (response === undefined) return undefined;
  const text = await response.text().catch(() => "");
  return response.status === 200 ? (JSON.parse(text) as { stored: number; duplicate: boolean }) : undefined;
}

function loadBatch(key: string, size: number): Batch {
  const ts = new Date().toISOString();
  return {
    key,
    items: Array.from({ length: size }, (_, i) => ({ type: "event", id: `${key}-${i}`, ts, name: "load" })),
  };
}

interface LeaseSample {
  at: number;
  owner: string | null;
  evaluatedThrough: string | null;
  minutes: string[];
}

async function leaseOf(monitor: string): Promise<LeaseSample> {
  const rows = await postgres.query<{ lease_owner: string | null; through: string | null; minutes: string[] | null }>(
    `SELECT lease_owner, state->>'evaluatedThrough' AS through,
            (SELECT array_agg(m->>'at') FROM jsonb_array_elements(state->'minutes') m) AS minutes
       FROM monitor_runs WHERE monitor = $1`,
    [monitor],
  );
  const row = rows[0];
  return {
    at: Date.now(),
    owner: row?.lease_owner ?? null,
    evaluatedThrough: row?.through ?? null,
    minutes: row?.minutes ?? [],
  };
}

/** The server whose process holds a lease: owners are `<host>-<pid>-<random>`. */
function serverOf(owner: string | null): ServeProcess | undefined {
  return cluster.servers.find((server) => owner?.includes(`-${server.child.pid}-`) === true);
}

describe("three servers on one PostgreSQL and one shared ClickHouse", () => {
  test("an Idempotency-Key retried against another server is stored once", async () => {
    const [a, b, c] = cluster.servers as [ServeProcess, ServeProcess, ServeProcess];
    const batch = loadBatch("retried-elsewhere", 3);
    expect(await send(a.url, batch)).toMatchObject({ stored: 3, duplicate: false });
    expect(await send(b.url, batch)).toMatchObject({ stored: 0, duplicate: true });
    expect(await send(c.url, batch)).toMatchObject({ stored: 0, duplicate: true });
    expect(await clickhouse("SELECT count() FROM events WHERE id LIKE 'retried-elsewhere-%'")).toEqual([3]);
  });

  test("a kill -9 mid-load loses no acknowledged event, and the monitor alerts and acts once, then moves on", async () => {
    const { balancer } = cluster;
    // A flag switched on just before bookings stop: the monitor's only candidate cause, killed by its action.
    const flag = await api(balancer, ADMIN, "POST", "/api/v1/flags", {
      key: "bad-flag",
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { enabled: true, rules: [{ id: "all", kind: "force", serve: "on" }] } },
    });
    expect(flag.status, JSON.stringify(flag.body)).toBe(201);
    // An hour of 30 bookings a minute up to the current minute, then none: the first minute without bookings
    // is a drop the detector sees at once.
    const lastBooked = Math.floor(Date.now() / MINUTE) * MINUTE;
    for (let hour = 0; hour < 2; hour++) {
      const items = [];
      for (let minute = hour * 30; minute < hour * 30 + 30; minute++) {
        const start = lastBooked - (60 - minute) * MINUTE;
        for (let n = 0; n < 30; n++) {
          const ts = new Date(start + n * 2_000).toISOString();
          items.push({ type: "event", id: `booking-${minute}-${n}`, ts, name: "booking", unit: `u-${n}` });
        }
      }
      expect(await send(balancer, { key: `history-${hour}`, items })).toMatchObject({ stored: 900 });
    }
    const monitor = await api(balancer, ADMIN, "POST", "/api/v1/monitors", {
      key: "bookings",
      metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
      prediction: { weeks: 1 },
      alert: { direction: "drop", recoveryMinutes: 60 },
      actions: { action: "kill", minConfidence: 0 },
    });
    expect(monitor.status, JSON.stringify(monitor.body)).toBe(201);

    // Every lease row the test sees, from now on: who held the monitor and how far it had evaluated.
    const samples: LeaseSample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await leaseOf("bookings"));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const alertWithAction = async () => {
      const listed = await api(balancer, ADMIN, "GET", "/api/v1/alerts?monitor=bookings");
      return listed.body.items?.[0]?.action ? listed.body.items[0] : undefined;
    };
    await eventually(
      async () => (await alertWithAction()) !== undefined,
      100_000,
      () => "no alert with an action",
    );
    const alert = await alertWithAction();
    expect(alert.onsetAt).toBe(new Date(lastBooked).toISOString());
    expect(alert.action).toMatchObject({ kind: "kill", outcome: "done" });

    // The victim is the server running the monitor.
    const holder = (await leaseOf("bookings")).owner;
    const victim = serverOf(holder);
    if (victim === undefined) throw new Error(`no server holds the monitor's lease (${holder})`);
    const victimIndex = cluster.servers.indexOf(victim);

    // Events through each server directly and through the balancer, batches of 20 with their Idempotency-Key.
    const batches: Batch[] = [];
    const unacknowledged: Batch[] = [];
    let acknowledgedItems = 0;
    let writing = true;
    const writer = async (base: string, prefix: string): Promise<void> => {
      for (let n = 0; writing; n++) {
        const batch = loadBatch(`load-${prefix}-${n}`, 20);
        batches.push(batch);
        const answer = await send(base, batch);
        if (answer !== undefined && !answer.duplicate && answer.stored === 20) acknowledgedItems += 20;
        else {
          unacknowledged.push(batch);
          // The victim's own writer stops at its first refusal (its server is gone); others pause and go on.
          if (base === victim.url) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const writers = [
      ...cluster.servers.map((server, index) => writer(server.url, cluster.names[index] ?? "?")),
      writer(balancer, "lb"),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const killedAt = Date.now();
    const throughAtKill = (await leaseOf("bookings")).evaluatedThrough;
    victim.child.kill("SIGKILL");
    expect(await victim.exited).toBe("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    writing = false;
    await Promise.all(writers);

    // Writes through the survivors were all acknowledged; the refused ones are the victim's and the balancer's
    // few in flight at the kill. The client retries those, with the same key, on a server that is up.
    const survivors = cluster.servers.filter((server) => server !== victim);
    const victimName = cluster.names[victimIndex] ?? "?";
    const survivorPrefixes = cluster.names.filter((name) => name !== victimName).map((name) => `load-${name}-`);
    expect(unacknowledged.filter((batch) => survivorPrefixes.some((p) => batch.key.startsWith(p)))).toEqual([]);
    expect(unacknowledged.filter((batch) => batch.key.startsWith("load-lb-")).length).toBeLessThanOrEqual(3);
    expect(acknowledgedItems).toBeGreaterThan(0);
    const acknowledgedBeforeRetries = acknowledgedItems;
    let duplicates = 0;
    for (const [index, batch] of unacknowledged.entries()) {
      const answer = await send((survivors[index % survivors.length] as ServeProcess).url, batch);
      expect(answer, batch.key).toBeDefined();
      // A batch the victim stored before it died is recognised as a duplicate, not stored again.
      acknowledgedItems += answer?.duplicate === true ? 20 : (answer?.stored ?? 0);
      if (answer?.duplicate === true) duplicates += 1;
    }

    // ClickHouse holds every acknowledged event once: as many rows as acknowledged items, each id once.
    const [rows, ids] = await clickhouse("SELECT count(), uniqExact(id) FROM events WHERE id LIKE 'load-%'");
    expect({ rows, ids }).toEqual({ rows: batches.length * 20, ids: batches.length * 20 });
    expect(acknowledgedItems).toBe(batches.length * 20);
    expect(acknowledgedBeforeRetries).toBeLessThanOrEqual(acknowledgedItems);

    // A surviving server takes the monitor over once the victim's lease expires and evaluates the next minute slot.
    await eventually(
      async () => {
        const now = await leaseOf("bookings");
        return (
          now.owner !== holder &&
          now.evaluatedThrough !== null &&
          throughAtKill !== null &&
          now.evaluatedThrough > throughAtKill
        );
      },
      MINUTE + LEASE_MS + 20_000,
      () => `lease samples: ${JSON.stringify(samples.slice(-3))}`,
      250,
    );
    sampling = false;
    await sampler;
    const after = samples.filter((s) => s.at > killedAt);
    const takers = new Set(after.map((s) => s.owner).filter((owner) => owner !== holder && owner !== null));
    expect(takers.size).toBe(1);
    const taker = serverOf([...takers][0] ?? null);
    expect(taker !== undefined && taker !== victim).toBe(true);
    // The victim's lease stood until it expired: nobody took the monitor while it was still the holder's.
    const firstTaken = after.find((s) => s.owner !== holder);
    console.info(
      `${batches.length} batches (${unacknowledged.length} unacknowledged, ${duplicates} of them stored by the victim), ` +
        `${rows} rows in ClickHouse; monitor taken over ${(firstTaken?.at ?? 0) - killedAt} ms after the kill`,
    );
    expect((firstTaken?.at ?? 0) - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 2_000);

    // Evaluated once per minute slot: the evaluated minutes never go back and never repeat, and every minute
    // since the monitor started is there once.
    const throughs = samples.map((s) => s.evaluatedThrough).filter((t): t is string => t !== null);
    expect([...throughs].sort()).toEqual(throughs);
    const minutes = samples.at(-1)?.minutes ?? [];
    expect(new Set(minutes).size).toBe(minutes.length);
    for (let i = 1; i < minutes.length; i++) {
      expect(Date.parse(minutes[i] ?? "") - Date.parse(minutes[i - 1] ?? "")).toBe(MINUTE);
    }

    // One alert, one `monitor.alert` change, one kill of the flag by the monitor: none repeated by the new holder.
    const alerts = await api(balancer, ADMIN, "GET", "/api/v1/alerts?monitor=bookings");
    expect(alerts.body.items.map((a: { id: string }) => a.id)).toEqual([alert.id]);
    const raised = await api(balancer, ADMIN, "GET", "/api/v1/changes?action=monitor.alert&subjectKey=bookings");
    expect(raised.body.items).toHaveLength(1);
    const kills = await api(balancer, ADMIN, "GET", "/api/v1/changes?action=flag.kill&subjectKey=bad-flag");
    expect(kills.body.items.map((c: { actor: string }) => c.actor)).toEqual(["monitor:bookings"]);
  }, 180_000);
});

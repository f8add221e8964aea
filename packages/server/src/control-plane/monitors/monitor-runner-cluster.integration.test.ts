import { QueryService } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createScratchDatabase,
  DocumentKindRegistry,
  openConfigStore,
  type ScratchDatabase,
  type SqlConfigStore,
} from "../../store/index.js";
import { createChangeService } from "../changes/index.js";
import { type MonitorRunner, startMonitorRunner } from "./monitor-runner.js";
import { MONITOR_KIND } from "./monitor-service.js";
import { createStatsDetection } from "./stats-detection.js";

const SERVER_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MINUTE = 60_000;
const MONITORS = ["m1", "m2", "m3"];

describe("monitor runners of several servers on one PostgreSQL database", () => {
  let now = Date.parse("2030-01-08T11:00:30Z");
  const clock = { now: () => new Date(now) };
  let database: ScratchDatabase;
  let events: DuckDbEventStore;
  const stores: SqlConfigStore[] = [];
  // Which server read the metric of which monitor: each monitor's reads must all come from one server.
  const readers = new Map<string, Set<string>>();

  const runner = (owner: string, store: SqlConfigStore): MonitorRunner =>
    startMonitorRunner({
      store,
      clock,
      owner,
      query: async (q) => {
        const where = (q as { where?: { value?: unknown }[] }).where ?? [];
        const monitor = String(where[1]?.value ?? "?");
        readers.set(monitor, (readers.get(monitor) ?? new Set()).add(owner));
        return new QueryService(events, clock).query(q);
      },
      markers: (q) => createChangeService({ store }).markers(q),
      detection: createStatsDetection(),
      actions: { kill: async () => 0 },
      publicUrl: "http://switchboard.test",
      intervalMs: 3_600_000,
      leaseMs: 90_000,
    });

  const appendMinute = async (t: number, count: number) => {
    const items = Array.from({ length: count }, (_, i) => ({
      type: "event" as const,
      id: `${t}-${i}`,
      ts: new Date(t + i * 1000).toISOString(),
      name: "booking",
    }));
    if (items.length > 0) await events.append({ batchId: `b-${t}`, environment: "production", items });
  };

  beforeAll(async () => {
    database = await createScratchDatabase(SERVER_URL);
    for (let i = 0; i < 2; i++) {
      const kinds = DocumentKindRegistry.withBuiltIns().register(MONITOR_KIND);
      stores.push(await openConfigStore({ databaseUrl: database.url }, { kinds, clock }));
    }
    events = await DuckDbEventStore.open({ path: ":memory:" });
    for (let t = Date.parse("2030-01-01T10:00:00Z"); t < Date.parse("2030-01-01T12:30:00Z"); t += MINUTE) {
      await appendMinute(t, 30);
    }
    for (let t = Date.parse("2030-01-08T10:00:00Z"); t < Date.parse("2030-01-08T11:00:00Z"); t += MINUTE) {
      await appendMinute(t, 30);
    }
    for (const key of MONITORS) {
      // The second filter names the monitor (always true), so the test can tell whose metric a query reads.
      const where = [
        { field: "name", op: "=", value: "booking" },
        { field: "name", op: "!=", value: key },
      ];
      await stores[0]?.createDocument(
        MONITOR_KIND,
        key,
        { metric: { fn: "count", where, environment: "production" }, prediction: { weeks: 1 } },
        { actor: "ann", action: "monitor.create" },
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const store of stores) await store.close();
    await events?.close();
    await database?.drop();
  });

  it("runs each monitor on exactly one server, raises each alert once, and moves on when a server stops", async () => {
    const [storeA, storeB] = stores;
    if (storeA === undefined || storeB === undefined) throw new Error("stores did not open");
    const a = runner("server-a", storeA);
    const b = runner("server-b", storeB);
    const raised: string[] = [];
    for (let t = Date.parse("2030-01-08T11:00:00Z"); t < Date.parse("2030-01-08T11:20:00Z"); t += MINUTE) {
      // Bookings stop at 11:10: every monitor sees its metric gone to zero.
      await appendMinute(t, t >= Date.parse("2030-01-08T11:10:00Z") ? 0 : 30);
      now = t + 2 * MINUTE + 30_000;
      const [fromA, fromB] = await Promise.all([a.runOnce(), b.runOnce()]);
      raised.push(...[...fromA, ...fromB].map((alert) => alert.key));
    }
    for (const key of MONITORS) expect(readers.get(key)?.size, key).toBe(1);
    expect(raised.sort()).toEqual(MONITORS.map((key) => `${key}/2030-01-08T11:10:00.000Z`));
    // One server shuts down and gives its leases up: the other takes its monitors over without a second alert.
    const owners = new Map(MONITORS.map((key) => [key, [...(readers.get(key) ?? [])][0]]));
    const stopping = owners.get("m1") === "server-a" ? a : b;
    const staying = stopping === a ? b : a;
    const stayingName = stopping === a ? "server-b" : "server-a";
    await stopping.stop();
    readers.clear();
    now += MINUTE;
    const after = await staying.runOnce();
    expect(after).toEqual([]);
    for (const key of MONITORS) expect([...(readers.get(key) ?? [])]).toEqual([stayingName]);
    expect((await storeB.listAlerts({})).map((alert) => alert.monitor).sort()).toEqual(MONITORS);
    await staying.stop();
  }, 120_000);
});

// Runs against a real ClickHouse engine: chDB (ClickHouse 26.x) behind a test-only loopback server that speaks
// ClickHouse's HTTP interface (test/clickhouse-engine/server.mjs). The store's `@clickhouse/client` code is the same
// that talks to `clickhouse-server`; TLS, authentication and clusters are not exercised here.
import { createClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEventStoreContract, sampleEvent, sampleExposure } from "../store/event-store.contract.js";
import { ClickHouseEventStore, dedupToken } from "./clickhouse-event-store.js";
import { tableRows } from "./clickhouse-rows.js";
import { type ClickHouseTestEngine, startClickHouseTestEngine } from "./testing/clickhouse-test-engine.js";

let engine: ClickHouseTestEngine;
let databases = 0;
beforeAll(async () => {
  engine = await startClickHouseTestEngine();
}, 60_000);
afterAll(async () => engine?.stop());

/** A store on its own fresh database of the shared engine. */
function openStore(extra: { ttlDays?: number } = {}): Promise<ClickHouseEventStore> {
  databases++;
  return ClickHouseEventStore.open({
    url: engine.url,
    database: `contract_${process.pid}_${databases}`,
    username: "default",
    password: "",
    ...extra,
  });
}

describeEventStoreContract("ClickHouse (chDB 26.x over HTTP)", () => openStore());

describe("the ClickHouse test engine", () => {
  it("fails, never skips, when its folder is not installed, naming the install command", async () => {
    await expect(startClickHouseTestEngine({ engineDir: "/nonexistent/clickhouse-engine/" })).rejects.toThrow(
      "Run `npm install --prefix test/clickhouse-engine --no-save` in the repository root",
    );
  });
});

describe("ClickHouseEventStore", () => {
  it("maps every typed part of an event onto its columns, in ClickHouse's types", async () => {
    const store = await openStore();
    await store.append({ batchId: "b", environment: "production", items: [sampleEvent("e1")] });
    const row = await store.run({
      sql: `SELECT id, ts, day, environment, name, unit, release, duration_ms, status, flags, variations,
              attr_keys, attr_str, attr_num, span_names, span_ms, span_count, counter_names, counter_values,
              message_count, JSONExtractString(raw, 'messages', 2, 'fields', 'attempt') AS attempt,
              fields['user.country'] AS country, assignment['exp-13'] AS exp13 FROM events`,
      params: [],
    });
    expect(row.rows[0]).toEqual([
      "e1",
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
      "production",
      "request",
      "user-1",
      "64fd32f",
      120.5,
      "200",
      ["exp-13", "new-checkout"],
      ["B", "on"],
      ["http.route", "http.bytes", "user.country", "user.beta", "note"],
      ["/checkout", "5120", "jp", "true", null],
      [null, 5120, null, null, null],
      ["sql", "render"],
      [41.2, 12],
      [7, 1],
      ["cache.hits"],
      [4],
      2,
      "2",
      "jp",
      "B",
    ]);
    const types = await store.run({
      sql: "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'assignments' AND name IN ('ts', 'flag', 'variation') ORDER BY name",
      params: [],
    });
    expect(types.rows).toEqual([
      ["flag", "LowCardinality(String)"],
      ["ts", "DateTime64(3, 'UTC')"],
      ["variation", "LowCardinality(String)"],
    ]);
    const field = await store.run({
      sql: "SELECT count() FROM events WHERE attr_num[indexOf(attr_keys, {p0:String})] > {p1:Float64} AND ts >= {p2:DateTime64(6, 'UTC')}",
      params: ["http.bytes", 5000, "2026-03-01T11:59:59.999Z"],
    });
    expect(field.rows).toEqual([[1]]);
    await store.close();
  });

  it("partitions by day and sorts the bridge and exposures by flag and variation", async () => {
    const store = await openStore();
    const tables = await store.run({
      sql: "SELECT name, partition_key, sorting_key FROM system.tables WHERE database = currentDatabase() AND name IN ('assignments', 'exposures', 'events') ORDER BY name",
      params: [],
    });
    expect(tables.rows).toEqual([
      ["assignments", "day", "environment, flag, variation, ts"],
      ["events", "day", "environment, name, ts"],
      ["exposures", "day", "environment, flag, variation, ts"],
    ]);
    await store.close();
  });

  it("drops a retried insert by its deduplication token when a server died before recording the batch", async () => {
    const store = await openStore();
    const database = `contract_${process.pid}_${databases}`;
    const items = [sampleEvent("e1"), sampleExposure("x1")];
    // A server that inserted the batch's rows (with the batch's tokens) and died before writing its record.
    const dying = createClient({ url: engine.url, database });
    const rows = tableRows(items, "production", "b1");
    const token = dedupToken("production", "server-sdk", "b1");
    for (const table of ["events", "assignments", "event_messages", "exposures"] as const) {
      await dying.insert({
        table,
        values: rows[table],
        format: "JSONEachRow",
        clickhouse_settings: { async_insert: 0, insert_deduplication_token: `${token}:${table}` },
      });
    }
    await dying.close();
    expect(await store.stats()).toMatchObject({ events: 1, batches: 0 });
    // The client's retry reaches another server: ClickHouse drops the repeated rows, the batch is recorded once.
    expect(await store.append({ batchId: "b1", environment: "production", items })).toEqual({
      stored: 2,
      duplicate: false,
    });
    expect(await store.stats()).toMatchObject({ events: 1, exposures: 1, assignments: 2, messages: 2, batches: 1 });
    const other = await ClickHouseEventStore.open({ url: engine.url, database, username: "default", password: "" });
    expect(await other.append({ batchId: "b1", environment: "production", items })).toEqual({
      stored: 0,
      duplicate: true,
    });
    await other.close();
    await store.close();
  });

  it("sets a TTL on every day table when asked", async () => {
    const store = await openStore({ ttlDays: 30 });
    const ddl = await store.run({
      sql: "SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() AND name IN ('events', 'assignments', 'event_messages', 'exposures') ORDER BY name",
      params: [],
    });
    expect(ddl.rows).toHaveLength(4);
    for (const [, query] of ddl.rows) expect(String(query)).toContain("TTL day + toIntervalDay(30)");
    await store.close();
  });
});

// The query benchmark's two generators (DuckDB's `seedEventsSql`, ClickHouse's `seedEventsClickHouseSql`) must draw
// the same kind of day: the same row counts per event, the same shares and the same planted effects, so that the
// benchmark's DuckDB and ClickHouse figures answer the same questions over alike data.
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ClickHouseEventStore } from "../../clickhouse/clickhouse-event-store.js";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../clickhouse/testing/clickhouse-test-engine.js";
import { applyDuckDbMigrations } from "../../duckdb/duckdb-migrate.js";
import { seedEventsSql } from "./seed-events.js";
import { seedEventsClickHouseSql } from "./seed-events-clickhouse.js";

vi.setConfig({ testTimeout: 120_000 });

const COUNT = 20_000;

// One statistic per line, in SQL both engines read alike (ClickHouse's `indexOf` and DuckDB's `list_position`
// differ, so variation lookups go through the bridge table).
const STATS: Readonly<Record<string, string>> = {
  events: "SELECT count(*) FROM events",
  assignmentsPerEvent: `SELECT (SELECT count(*) FROM assignments) / ${COUNT}`,
  messagesPerEvent: `SELECT (SELECT count(*) FROM event_messages) / ${COUNT}`,
  exp1Share: `SELECT (SELECT count(*) FROM assignments WHERE flag = 'exp-1') / ${COUNT}`,
  exp1BShare: "SELECT avg(CASE WHEN variation = 'B' THEN 1 ELSE 0 END) FROM assignments WHERE flag = 'exp-1'",
  avgDuration: "SELECT avg(duration_ms) FROM events",
  retryingInB: `SELECT count(*) FROM assignments WHERE flag = 'exp-1' AND variation = 'B'
    AND message_texts[1] LIKE 'retrying payment%'`,
  retryingElsewhere: `SELECT count(*) FROM assignments WHERE NOT (flag = 'exp-1' AND variation = 'B')
    AND flag = 'exp-1' AND message_texts[1] LIKE 'retrying payment%'`,
  cacheMissBeforeRelease: "SELECT count(*) FROM event_messages WHERE release = '64fd32f' AND text LIKE 'cache miss%'",
  distinctTexts: "SELECT count(DISTINCT text) FROM event_messages",
};

let engine: ClickHouseTestEngine;
const duck: Record<string, number> = {};
const house: Record<string, number> = {};

beforeAll(async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await applyDuckDbMigrations(connection);
  for (const statement of seedEventsSql(COUNT)) await connection.run(statement);
  for (const [name, sql] of Object.entries(STATS)) {
    duck[name] = Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]);
  }
  connection.closeSync();
  instance.closeSync();

  engine = await startClickHouseTestEngine();
  const database = `seed_${process.pid}`;
  const store = await ClickHouseEventStore.open({ url: engine.url, database, username: "default", password: "" });
  const client = createClient({ url: engine.url, database, log: { level: ClickHouseLogLevel.OFF } });
  try {
    for (const statement of seedEventsClickHouseSql(COUNT)) await client.command({ query: statement });
    for (const [name, sql] of Object.entries(STATS)) {
      const rows = await (await client.query({ query: sql, format: "JSONCompactEachRow" })).json<[number | string]>();
      house[name] = Number(rows[0]?.[0]);
    }
  } finally {
    await client.close();
    await store.close();
  }
}, 120_000);
afterAll(async () => {
  await engine?.stop();
});

describe("the ClickHouse seed draws the DuckDB seed's day", () => {
  it("the same number of events, and per event the same number of assignments and messages", () => {
    expect(house["events"]).toBe(COUNT);
    expect(duck["events"]).toBe(COUNT);
    // About 4 of the 10 flags per event, 1.5 messages per event: within 2% of each other on 20,000 events.
    expect(house["assignmentsPerEvent"]).toBeCloseTo(4, 1);
    expect(Math.abs((house["assignmentsPerEvent"] ?? 0) / (duck["assignmentsPerEvent"] ?? 1) - 1)).toBeLessThan(0.02);
    expect(Math.abs((house["messagesPerEvent"] ?? 0) / (duck["messagesPerEvent"] ?? 1) - 1)).toBeLessThan(0.02);
  });

  it("the same shares of a flag and its variations, the same durations and message vocabulary", () => {
    expect(Math.abs((house["exp1Share"] ?? 0) / (duck["exp1Share"] ?? 1) - 1)).toBeLessThan(0.04);
    expect(Math.abs((house["exp1BShare"] ?? 0) / (duck["exp1BShare"] ?? 1) - 1)).toBeLessThan(0.05);
    expect(Math.abs((house["avgDuration"] ?? 0) / (duck["avgDuration"] ?? 1) - 1)).toBeLessThan(0.03);
    expect(house["distinctTexts"]).toBe(duck["distinctTexts"]);
  });

  it("the planted effects: retries only in exp-1=B, cache misses only after the new release", () => {
    for (const seeded of [duck, house]) {
      expect(seeded["retryingInB"]).toBeGreaterThan(0);
      expect(seeded["retryingElsewhere"]).toBe(0);
      expect(seeded["cacheMissBeforeRelease"]).toBe(0);
    }
    expect(Math.abs((house["retryingInB"] ?? 0) / (duck["retryingInB"] ?? 1) - 1)).toBeLessThan(0.5);
  });
});

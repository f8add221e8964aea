import type { Exposure, IngestItem, WideEvent } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { clickHouseDialect } from "../query/dialects/clickhouse-dialect.js";
import {
  compileUnitEvents,
  compileUnitExposures,
  compileUnitRawEvents,
  compileUnitsByAttribute,
} from "./compile-customer-queries.js";
import { CustomerEventsReader } from "./customer-events-reader.js";

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const M = 60_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

function exposure(unit: string, flag: string, variation: string, ms: number, ruleId = "r1"): Exposure {
  return {
    type: "exposure",
    id: `x-${unit}-${flag}-${ms}`,
    ts: at(ms),
    unit,
    hashAttribute: "id",
    flag,
    variation,
    ruleId,
  };
}

function request(unit: string, ms: number, fields: Record<string, unknown>, assignments: Record<string, string> = {}) {
  const event = {
    type: "event",
    id: `r-${unit}-${ms}`,
    ts: at(ms),
    name: "request",
    unit,
    durationMs: 12,
    status: 200,
  };
  return { ...event, fields, assignments, release: "abc1234" } as WideEvent;
}

const ITEMS: IngestItem[] = [
  request("u1", 1 * M, { context: { country: "fr", email_hash: "h-1" }, http: { route: "/a" } }, { checkout: "off" }),
  request("u1", 5 * M, { context: { country: "jp", age: 41, beta: true } }, { checkout: "on" }),
  request("u2", 2 * M, { context: { email_hash: "h-2" } }),
  request("u3", 3 * M, { email_hash: "h-2" }),
  exposure("u1", "checkout", "off", 1 * M),
  exposure("u1", "checkout", "on", 4 * M, "r2"),
  exposure("u1", "banner", "blue", 2 * M),
  exposure("u2", "checkout", "on", 2 * M),
];

describe("the customer-support queries", () => {
  it("compile to ClickHouse SQL with every user value a typed parameter", async () => {
    const window = { from: new Date(T0), to: new Date(T0 + 10 * M) };
    const statements = [
      compileUnitEvents("u'1", 50, clickHouseDialect, window),
      compileUnitExposures("u'1", 500, clickHouseDialect),
      compileUnitsByAttribute("email_hash", "h-1", 20, clickHouseDialect),
      compileUnitRawEvents("u'1", window, 100, clickHouseDialect),
    ];
    const text = statements.map((s) => `${s.sql}\n-- params: ${JSON.stringify(s.params)}\n`).join("\n");
    await expect(text).toMatchFileSnapshot("./__snapshots__/customer-queries.clickhouse.sql");
    for (const statement of statements) expect(statement.sql).not.toContain("u'1");
  });

  describe("on DuckDB", () => {
    let store: DuckDbEventStore;
    let reader: CustomerEventsReader;
    beforeAll(async () => {
      store = await DuckDbEventStore.open({ path: ":memory:" });
      await store.append({ batchId: "b1", environment: "production", items: ITEMS });
      reader = new CustomerEventsReader(store);
    });
    afterAll(() => store.close());

    it("reads a unit's newest events first, with assignments and context attributes", async () => {
      const events = await reader.recentEvents("u1", 10);
      expect(events.map((e) => e.id)).toEqual([`r-u1-${5 * M}`, `r-u1-${1 * M}`]);
      expect(events[0]).toMatchObject({
        ts: at(5 * M),
        environment: "production",
        status: "200",
        durationMs: 12,
        release: "abc1234",
        assignments: { checkout: "on" },
        context: { country: "jp", age: 41, beta: true },
      });
      expect(events[1]?.context).toEqual({ country: "fr", email_hash: "h-1" });
      expect(await reader.recentEvents("u1", 10, { to: new Date(T0 + 2 * M) })).toHaveLength(1);
      expect(await reader.recentEvents("nobody", 10)).toEqual([]);
    });

    it("reads a unit's exposures oldest first, keeping the newest when limited", async () => {
      const all = await reader.exposures("u1", 100);
      expect(all.map((x) => [x.flag, x.variation, x.ruleId])).toEqual([
        ["checkout", "off", "r1"],
        ["banner", "blue", "r1"],
        ["checkout", "on", "r2"],
      ]);
      expect((await reader.exposures("u1", 2)).map((x) => x.ts)).toEqual([at(2 * M), at(4 * M)]);
    });

    it("finds units by an attribute under context or at the top of fields", async () => {
      expect(await reader.unitsByAttribute("email_hash", "h-1", 10)).toEqual([{ unit: "u1", lastSeen: at(1 * M) }]);
      expect((await reader.unitsByAttribute("email_hash", "h-2", 10)).map((m) => m.unit)).toEqual(["u3", "u2"]);
      expect(await reader.unitsByAttribute("email_hash", "h-9", 10)).toEqual([]);
    });

    it("reads the raw events of a window as they were ingested", async () => {
      const raw = await reader.rawEvents("u1", { from: new Date(T0), to: new Date(T0 + 3 * M) }, 10);
      expect(raw).toHaveLength(1);
      expect(raw[0]?.raw).toMatchObject({ id: `r-u1-${1 * M}`, fields: { http: { route: "/a" } } });
    });
  });
});

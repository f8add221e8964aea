import type { WideEvent } from "@switchboard/core";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";

// Times older ingest accepted (and a store may still hold), stored here directly, bypassing ingest's checks.
const STORED_TIMES = [
  "+275760-09-13T00:00:00.000Z",
  "+010000-01-01T00:00:00.000Z",
  "9999-12-31T23:59:59.999Z",
  "2300-01-01T00:00:00.000Z",
  "2026-01-01T00:30:00.000Z",
  "2026-01-01T00:30:00.000Z",
  "1970-01-01T00:00:00.000Z",
  "1969-12-31T12:00:00.000Z",
  "1899-12-31T23:59:59.999Z",
  "0001-01-01T00:00:00.000Z",
  "-000044-03-15T12:00:00.000Z",
];

let t: TestApp;
let events: DuckDbEventStore;

beforeAll(async () => {
  events = await DuckDbEventStore.open({ path: ":memory:" });
  const items: WideEvent[] = STORED_TIMES.map((ts, i) => ({ type: "event", id: `odd-${i}`, ts, name: "request" }));
  await events.append({ batchId: "odd-times", environment: "development", items });
  t = await createTestApp({}, { start: "2026-01-01T01:00:00.000Z", events });
});
afterAll(async () => {
  await t.app.close();
  await events.close();
});

const query = (payload: object) => t.call("viewer", { method: "POST", url: "/api/v1/query", payload });

describe("reading events stored at extreme times", () => {
  it.each([1, 2, 3])(
    "D8: pages through every stored event, %i at a time, by the cursors the server gives",
    async (limit) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page <= STORED_TIMES.length; page++) {
        const response = await query({
          kind: "events",
          environment: "development",
          limit,
          ...(cursor ? { cursor } : {}),
        });
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        seen.push(...body.rows.map((row: unknown[]) => String(row[0])));
        cursor = body.nextCursor;
        if (cursor === undefined) break;
      }
      expect(seen.sort()).toEqual(STORED_TIMES.map((_, i) => `odd-${i}`).sort());
    },
  );

  it.each([
    ["1d", 86_400_000],
    ["1h", 3_600_000],
    ["36500d", 36_500 * 86_400_000],
  ] as const)(
    "D8: explains a %s-bucketed aggregate over all time, each row's drill-down a query that runs",
    async (bucket, bucketMs) => {
      const response = await query({
        kind: "aggregate",
        aggregates: [{ fn: "count" }],
        bucket,
        environment: "development",
        explain: true,
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.eventsBehind).toHaveLength(body.rows.length);
      for (const [i, behind] of body.eventsBehind.entries()) {
        const drill = await query(behind);
        expect(drill.statusCode, `${JSON.stringify(behind)} → ${drill.body}`).toBe(200);
        // A bucket wholly inside the queryable window drills down to exactly its events.
        const drilledMs = Date.parse(behind.to) - Date.parse(behind.from);
        if (drilledMs === bucketMs) expect(drill.json().rows).toHaveLength(body.rows[i][1]);
      }
    },
  );
});

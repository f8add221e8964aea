import type { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore, SEEDED_COUNT } from "../../../events/src/query/testing/seed-store.js";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;
let events: DuckDbEventStore;

beforeAll(async () => {
  events = await openSeededStore();
  t = await createTestApp({}, { start: "2026-01-01T01:00:00.000Z", events });
});
afterAll(async () => {
  await t.app.close();
  await events.close();
});

const post = (who: "viewer" | "serverSdk" | null, payload: unknown) =>
  t.call(who, { method: "POST", url: "/api/v1/query", payload: payload as object });

describe("POST /api/v1/query", () => {
  it("answers a viewer's aggregate with columns, rows and, on request, the SQL", async () => {
    const response = await post("viewer", {
      kind: "aggregate",
      last: "1h",
      environment: "production",
      aggregates: [{ fn: "count" }],
      explain: true,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.columns).toEqual(["count"]);
    expect(body.rows).toEqual([[SEEDED_COUNT]]);
    // No seeded event is sampled: the plain count answered, with the largest sample rate beside it, which said so
    // (a sampled event would have sent the query to the weighted form, each event counting for its sample rate).
    expect(body.sql).toMatch(
      /^SELECT count\(\*\) AS c0, max\(max\(e\.sample_rate\)\) OVER \(\) AS c1 FROM events e WHERE/,
    );
    expect(body.params).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00.000Z", "production", 1000]);
  });

  it("answers a viewer which field keys recent events carry, for the rule editor's suggestions", async () => {
    const response = await post("viewer", { kind: "field-keys", last: "1h", environment: "production", limit: 2 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      columns: ["field", "events"],
      rows: [
        ["fields.booking.amount", SEEDED_COUNT],
        ["fields.http.route", SEEDED_COUNT],
      ],
    });
    const refused = await post("viewer", { kind: "field-keys", limit: 5000 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe("limit");
  });

  it("lists every problem of a query with its path", async () => {
    const response = await post("viewer", {
      kind: "aggregate",
      where: [
        { field: "fields.a", op: "regex", value: "(?<=a)b" },
        { field: "bogus", op: "=", value: 1 },
        { field: "durationMs", op: ">", value: "slow" },
      ],
      groupBy: ["message"],
      aggregates: [{ fn: "p95", field: "name" }, { fn: "sum" }],
      orderBy: [{ by: "nope" }],
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.map((d: { path: string }) => d.path)).toEqual([
      "where[0].value",
      "where[1].field",
      "where[2].value",
      "groupBy[0]",
      "aggregates[0].field",
      "aggregates[1].field",
      "orderBy[0].by",
    ]);
  });

  it("names the unknown kind and the unknown key", async () => {
    const unknownKind = await post("viewer", { kind: "sql", statement: "DROP TABLE events" });
    expect(unknownKind.json().error.details).toEqual([
      {
        path: "kind",
        message: 'must be one of "aggregate", "events", "messages-diff", "new-messages", "bubbleup", "field-keys"',
      },
    ]);
    const extra = await post("viewer", { kind: "events", sql: "x" });
    expect(extra.json().error.details).toEqual([{ path: "", message: 'unknown field "sql"' }]);
  });

  it("refuses callers without a token and SDK keys", async () => {
    expect((await post(null, { kind: "events" })).statusCode).toBe(401);
    expect((await post("serverSdk", { kind: "events" })).statusCode).toBe(403);
  });

  it("is documented in the OpenAPI document", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(document.paths["/api/v1/query"]?.post).toBeDefined();
  });
});

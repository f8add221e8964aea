import { MAX_BUBBLEUP_FILTERS, MAX_FILTERS, MAX_IN_VALUES } from "@switchboard/events";
import type { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore } from "../../../events/src/query/testing/seed-store.js";
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

const query = (payload: object) => t.call("viewer", { method: "POST", url: "/api/v1/query", payload });

const countWhere = (...where: object[]) => ({
  kind: "aggregate",
  last: "24h",
  aggregates: [{ fn: "count" }],
  where,
});

interface Refusal {
  path: string;
  message: RegExp;
}

async function expectRefusal(payload: object, refusal: Refusal): Promise<void> {
  const response = await query(payload);
  expect(response.statusCode, response.body).toBe(400);
  const error = response.json().error;
  expect(error.code).toBe("VALIDATION_FAILED");
  expect(error.details).toContainEqual({ path: refusal.path, message: expect.stringMatching(refusal.message) });
}

// Patterns JavaScript's RegExp accepts (or not) that RE2 — DuckDB's and ClickHouse's engine — refuses.
const RE2_UNSUPPORTED: readonly (readonly [string, RegExp])[] = [
  ["(?=a)", /lookahead/],
  ["(?!a)b", /lookahead/],
  ["(?<=a)b", /lookbehind/],
  ["(?<!a)b", /lookbehind/],
  ["(a)\\1", /backreference/],
  ["\\k<x>(?<x>a)", /backreference/],
  ["(?<n>a)", /\(\?P<name>/],
  ["\\u{1F600}", /escape sequence: \\u/],
  ["\\u0041", /escape sequence: \\u/],
  ["\\cA", /escape sequence: \\c/],
  ["[^]", /missing closing \]/],
  ["[]a", /missing closing \]/],
  ["\\Z", /escape sequence: \\Z/],
  ["\\e", /escape sequence: \\e/],
  ["\\8", /backreference/],
  ["\\G", /escape sequence: \\G/],
  ["[\\b]", /escape sequence: \\b/],
  ["a{1001}", /repeat count/],
  ["\\p{Klingon}", /character class/],
  ["[[:word2:]]", /character class/],
  ["[a-\\d]", /escape sequence: \\d/],
  ["[z-a]", /character class range/],
  ["a*+", /possessive/],
  ["a++", /possessive/],
  ["(?>a)", /atomic/],
  ["(?x)a b", /unsupported Perl syntax/],
  ["(?#note)", /unsupported Perl syntax/],
];

describe("queries the engine could not run are refused with 400, never 500", () => {
  it.each(
    RE2_UNSUPPORTED.flatMap(([pattern, reason]) =>
      ["message", "name", "fields.http.route"].map((field) => [pattern, field, reason] as const),
    ),
  )("D7: refuses the regex %s on %s (RE2 does not support it)", async (pattern, field, reason) => {
    await expectRefusal(countWhere({ field, op: "regex", value: pattern }), {
      path: "where[0].value",
      message: reason,
    });
  });

  it.each([
    "^/api/v[12]/",
    "(?i)REQUEST",
    "\\Aread\\z",
    "(?P<kind>re)quest",
    "[[:alpha:]]+",
    "\\pL",
    "\\x{41}",
    "\\Qa.b\\E",
  ])("D7: runs the RE2 regex %s on message, name and an attribute", async (pattern) => {
    for (const field of ["message", "name", "fields.http.route"]) {
      const response = await query(countWhere({ field, op: "regex", value: pattern }));
      expect(response.statusCode, `${field}: ${response.body}`).toBe(200);
    }
  });

  it.each([
    ["durationMs", ">", 1e308],
    ["durationMs", "<", -1e308],
    ["status", "=", 1e308],
    ["messageCount", ">=", 2 ** 63],
    ["spans.sql.ms", ">", 1e300],
    ["counters.retries", "<", -1e300],
    ["fields.booking.amount", ">", 1e308],
    ["status", "in", [1, 1e308, -1e308]],
  ] as const)("D7: compares %s %s %s as a double", async (field, op, value) => {
    const response = await query(countWhere({ field, op, value }));
    expect(response.statusCode, response.body).toBe(200);
  });

  it.each([
    [{ field: "ts", op: ">", value: "+275760-09-13T00:00:00Z" }, "where[0].value"],
    [{ field: "ts", op: "<", value: "-000001-01-01T00:00:00Z" }, "where[0].value"],
    [{ field: "ts", op: "in", value: ["2026-01-01T00:00:00Z", "+275760-09-13T00:00:00Z"] }, "where[0].value[1]"],
    [{ field: "ts", op: "=", value: "1800-01-01T00:00:00Z" }, "where[0].value"],
  ] as const)("D7: refuses the ts filter %j outside the queryable window", async (filter, path) => {
    await expectRefusal(countWhere(filter), { path, message: /between 1900-01-01/ });
  });

  it.each([
    [{ from: "+275760-09-13T00:00:00Z" }, "from"],
    [{ from: "2026-01-01T00:00:00Z", to: "+275760-09-13T00:00:00Z" }, "to"],
    [{ from: "1899-12-31T23:59:59Z" }, "from"],
    [{ last: "9999999d" }, "last"],
  ] as const)("D7: refuses the time range %j outside the queryable window", async (range, path) => {
    const payload = { kind: "aggregate", aggregates: [{ fn: "count" }], ...range };
    await expectRefusal(payload, { path, message: /between 1900-01-01|before 1900-01-01/ });
  });

  it("D7: refuses a bucket wider than the queryable window", async () => {
    const payload = { kind: "aggregate", aggregates: [{ fn: "count" }], bucket: "9999999d" };
    await expectRefusal(payload, { path: "bucket", message: /at most/ });
  });

  it.each([
    ["contains", "2026"],
    ["regex", "^2026"],
  ] as const)("D7: refuses %s on ts, a timestamp", async (op, value) => {
    await expectRefusal(countWhere({ field: "ts", op, value }), { path: "where[0].op", message: /timestamp/ });
  });

  it.each(["\\pL{1000}", "(?i)\\pL{500}"])(
    "D7: answers 400, not 500, when the engine itself refuses the regex %s (too large to compile)",
    async (pattern) => {
      const response = await query(countWhere({ field: "message", op: "regex", value: pattern }));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "VALIDATION_FAILED",
        message: expect.stringMatching(/pattern too large/),
        details: [{ path: "", message: expect.stringMatching(/pattern too large/) }],
      });
    },
  );

  it("D7: runs the largest query the schema allows: every filter an `in` list of the longest length", async () => {
    const where = Array.from({ length: MAX_FILTERS }, (_, f) => ({
      field: `fields.attr${f}`,
      op: "in",
      value: Array.from({ length: MAX_IN_VALUES }, (_, v) => `value-${f}-${v}`),
    }));
    const response = await query({ ...countWhere(...where), where });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.json().rows).toEqual([[0]]);
  }, 60_000);

  it("D7: runs the largest BubbleUp the schema allows: every selection and baseline filter an `in` list of the longest length, over 50 dimensions", async () => {
    const filters = (side: string) =>
      Array.from({ length: MAX_BUBBLEUP_FILTERS }, (_, f) => ({
        field: `fields.attr${f}`,
        op: "in",
        value: Array.from({ length: MAX_IN_VALUES }, (_, v) => `${side}-${f}-${v}`),
      }));
    const response = await query({
      kind: "bubbleup",
      last: "24h",
      selection: filters("selection"),
      baseline: filters("baseline"),
      dimensions: Array.from({ length: 50 }, (_, d) => `fields.dim${d}`),
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  }, 120_000);

  it("D7: a BubbleUp with more selection filters than it can evaluate is refused with 400 naming the limit", async () => {
    const response = await query({
      kind: "bubbleup",
      last: "24h",
      selection: Array.from({ length: MAX_BUBBLEUP_FILTERS + 1 }, (_, f) => ({
        field: `fields.attr${f}`,
        op: "=",
        value: "x",
      })),
      dimensions: ["fields.dim0"],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: "selection" })]);
  });
});

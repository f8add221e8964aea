import type { ErrorDetail } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { validateItem } from "./validate-item.js";

const NOW_MS = Date.UTC(2026, 2, 1, 12);
const TS = "2026-03-01T11:00:00.000Z";
const event = (extra: Record<string, unknown> = {}) => ({ type: "event", id: "e1", ts: TS, name: "request", ...extra });
const exposure = (extra: Record<string, unknown> = {}) => ({
  type: "exposure",
  id: "x1",
  ts: TS,
  unit: "u1",
  hashAttribute: "userId",
  flag: "f",
  variation: "on",
  ruleId: "r1",
  ...extra,
});

function problemsOf(value: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  validateItem(value, 3, "production", problems, NOW_MS);
  return problems;
}

const REQUIRED = "is required: a non-empty string of at most 1000 characters";
const OPTIONAL = "must be a string of at most 1000 characters";

describe("validateItem", () => {
  it("returns a well-formed event or exposure and reports nothing", () => {
    const full = event({
      unit: "u1",
      environment: "production",
      release: "abc",
      durationMs: 0,
      status: 500,
      assignments: { f: "on" },
      messages: [{ atMs: 1, text: "t", fields: { a: 1 } }],
      spans: { sql: { ms: 1.5, count: 2 } },
      spanTree: [{ name: "sql", startMs: 0, ms: 1.5, children: [] }],
      counters: { n: 1 },
      fields: { http: { route: "/a" } },
      extra: "kept",
    });
    const problems: ErrorDetail[] = [];
    expect(validateItem(full, 0, "production", problems, NOW_MS)).toBe(full);
    expect(validateItem(exposure({ experiment: "e", inExperiment: false }), 1, "production", problems, NOW_MS)).toEqual(
      exposure({ experiment: "e", inExperiment: false }),
    );
    expect(problems).toEqual([]);
  });

  it("names each problem of an item in field order", () => {
    expect(problemsOf("x")).toEqual([{ path: "[3]", message: "must be an object" }]);
    expect(problemsOf([])).toEqual([{ path: "[3]", message: "must be an object" }]);
    expect(problemsOf({ type: "span", id: "", ts: 1, release: 2, environment: "staging" })).toEqual([
      { path: "[3].id", message: REQUIRED },
      { path: "[3].ts", message: expect.stringMatching(/^must be an ISO 8601 date-time/) },
      { path: "[3].release", message: OPTIONAL },
      { path: "[3].environment", message: 'must be "production" (the SDK key\'s environment) or left out' },
      { path: "[3].type", message: 'must be "event" or "exposure"' },
    ]);
  });

  it("reports the shape problems of an event", () => {
    expect(
      problemsOf(
        event({
          name: undefined,
          unit: 5,
          durationMs: -1,
          status: true,
          assignments: { f: 1, g: "x".repeat(1001) },
          counters: { n: "1" },
          spans: { a: { ms: 1 }, b: { ms: 1, count: -1 }, c: 3 },
          messages: [{ atMs: 1 }, "m"],
          spanTree: {},
          fields: [],
        }),
      ),
    ).toEqual([
      { path: "[3].name", message: REQUIRED },
      { path: "[3].unit", message: OPTIONAL },
      { path: "[3].durationMs", message: "must be a number of milliseconds ≥ 0" },
      { path: "[3].status", message: "must be a number or a string" },
      { path: "[3].assignments.f", message: "must be a variation key (string)" },
      { path: "[3].assignments.g", message: "must be a variation key (string)" },
      { path: "[3].counters.n", message: "must be a finite number" },
      { path: "[3].spans.a", message: "must be { ms: number, count: number }" },
      { path: "[3].spans.b", message: "must be { ms: number, count: number }" },
      { path: "[3].spans.c", message: "must be { ms: number, count: number }" },
      { path: "[3].messages[0]", message: "must be { atMs: number, text: string }" },
      { path: "[3].messages[1]", message: "must be { atMs: number, text: string }" },
      { path: "[3].spanTree", message: "must be an array" },
      { path: "[3].fields", message: "must be an object" },
    ]);
  });

  it("reports records and lists of the wrong kind once, at their own path", () => {
    expect(problemsOf(event({ assignments: [], counters: 1, spans: "s", messages: {} }))).toEqual([
      { path: "[3].assignments", message: "must be an object" },
      { path: "[3].counters", message: "must be an object" },
      { path: "[3].spans", message: "must be an object" },
      { path: "[3].messages", message: "must be an array of { atMs, text }" },
    ]);
  });

  it("reports a span count beyond the BIGINT-safe range at the count", () => {
    expect(problemsOf(event({ spans: { db: { ms: 1, count: 1e20 } } }))).toEqual([
      { path: "[3].spans.db.count", message: `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}` },
    ]);
  });

  it("reports the shape problems of an exposure", () => {
    expect(
      problemsOf({ ...exposure({ experiment: 1, inExperiment: "yes" }), flag: 7, hashAttribute: undefined }),
    ).toEqual([
      { path: "[3].hashAttribute", message: REQUIRED },
      { path: "[3].flag", message: REQUIRED },
      { path: "[3].experiment", message: OPTIONAL },
      { path: "[3].inExperiment", message: "must be true or false" },
    ]);
  });

  it("walks the values of a well-shaped item only", () => {
    expect(problemsOf(event({ fields: { a: "\ud800" } }))).toEqual([
      { path: "[3].fields.a", message: "contains a lone UTF-16 surrogate; send well-formed Unicode" },
    ]);
    expect(problemsOf(event({ unit: 1, fields: { a: "\ud800" } }))).toEqual([{ path: "[3].unit", message: OPTIONAL }]);
  });

  it("refuses a time outside the window", () => {
    expect(problemsOf(event({ ts: "1999-12-31T23:59:59Z" }))).toEqual([
      { path: "[3].ts", message: expect.stringMatching(/^must lie between 2000-01-01/) },
    ]);
  });
});

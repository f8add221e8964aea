import { describe, expect, it } from "vitest";
import { ExposureSchema, WideEventSchema } from "./event-schema.js";
import { formatWirePath, wireProblems } from "./wire-problems.js";

const event = (extra: Record<string, unknown> = {}) => ({
  type: "event",
  id: "e1",
  ts: "2026-03-01T12:00:00.000Z",
  name: "request",
  ...extra,
});

describe("wireProblems", () => {
  it("finds nothing in a well-formed event and keeps unknown fields allowed", () => {
    expect(
      wireProblems(WideEventSchema, event({ spanTree: [{ name: "a", startMs: 0, ms: 1 }], extra: 1 }), ""),
    ).toEqual([]);
  });

  it("answers with the errorMessage of the deepest part of the schema that has one", () => {
    expect(wireProblems(WideEventSchema, event({ spans: { sql: { ms: "1", count: -1 } } }), "[0]")).toEqual([
      { path: "[0].spans.sql", message: "must be { ms: number, count: number }" },
    ]);
    expect(wireProblems(WideEventSchema, event({ messages: [{ atMs: 1, text: "t", fields: 3 }] }), "[0]")).toEqual([
      { path: "[0].messages[0].fields", message: "must be an object" },
    ]);
  });

  it("derives a message from the expected kind of value where the schema gives none", () => {
    const tree = [{ name: "a", startMs: 0, ms: 1, children: [{ startMs: 0, ms: Number.POSITIVE_INFINITY }] }];
    expect(wireProblems(WideEventSchema, event({ spanTree: tree, counters: { n: "1" } }), "")).toEqual([
      { path: ".counters.n", message: "must be a finite number" },
      { path: ".spanTree[0].children[0].name", message: "is required" },
      { path: ".spanTree[0].children[0].ms", message: "must be a finite number" },
    ]);
  });

  it("reports missing required fields in the order of the schema's fields, each path once", () => {
    expect(wireProblems(ExposureSchema, { type: "exposure", id: 1, ts: "2026-03-01T12:00:00Z" }, "[2]")).toEqual([
      { path: "[2].id", message: "is required: a non-empty string of at most 1000 characters" },
      { path: "[2].unit", message: "is required: a non-empty string of at most 1000 characters" },
      { path: "[2].hashAttribute", message: "is required: a non-empty string of at most 1000 characters" },
      { path: "[2].flag", message: "is required: a non-empty string of at most 1000 characters" },
      { path: "[2].variation", message: "is required: a non-empty string of at most 1000 characters" },
      { path: "[2].ruleId", message: "is required: a non-empty string of at most 1000 characters" },
    ]);
  });

  it("names keys as they are sent, indexes in brackets", () => {
    expect(formatWirePath(["fields", "a/b", 0, "c~d"])).toBe(".fields.a/b[0].c~d");
    expect(wireProblems(WideEventSchema, event({ assignments: { "a/b~c": 1 } }), "")).toEqual([
      { path: ".assignments.a/b~c", message: "must be a variation key (string)" },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import {
  attributesFromFieldKeys,
  contextsFromEvents,
  describeContext,
  fieldKeysQuery,
  recentEventsQuery,
} from "./sample-contexts.js";

describe("attribute suggestions and sample contexts from recent events", () => {
  it("offers id first, then the field keys recent events carry", () => {
    const answer = {
      columns: ["field", "events"],
      rows: [
        ["fields.country", 40],
        ["fields.http.route", 12],
      ],
    };
    expect(attributesFromFieldKeys(answer)).toEqual(["id", "country", "http.route"]);
    expect(attributesFromFieldKeys(undefined)).toEqual(["id"]);
    expect(fieldKeysQuery("production")).toMatchObject({ kind: "field-keys", environment: "production" });
  });

  it("asks for recent events with a unit and the suggested attributes' values", () => {
    expect(recentEventsQuery("production", ["id", "country", "http.route"])).toMatchObject({
      kind: "events",
      environment: "production",
      where: [{ field: "unit", op: "exists" }],
      fields: ["fields.country", "fields.http.route"],
    });
  });

  it("builds one nested, typed context per distinct unit", () => {
    const answer = {
      columns: ["id", "ts", "unit", "fields.country", "fields.http.route", "fields.plan.seats", "fields.beta"],
      rows: [
        ["e1", "t", "u-1", "jp", "/a", "3", "true"],
        ["e2", "t", "u-1", "de", "/b", "4", "false"],
        ["e3", "t", "u-2", null, "/c", "007", null],
        ["e4", "t", null, "fr", "/d", null, null],
        ["e5", "t", "u-3", "us", "/e", null, null],
      ],
    };
    expect(contextsFromEvents(answer, 2)).toEqual([
      { id: "u-1", country: "jp", http: { route: "/a" }, plan: { seats: 3 }, beta: true },
      { id: "u-2", http: { route: "/c" }, plan: { seats: "007" } },
    ]);
    expect(contextsFromEvents(undefined, 5)).toEqual([]);
  });

  it("describes a context by a few flattened attributes", () => {
    expect(describeContext({ id: "u-1", country: "jp", http: { route: "/a" }, a: 1, b: 2 })).toBe(
      "country=jp · http.route=/a · a=1",
    );
  });
});

import type { Flag, FlagDocument } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { type FlagFilter, facetsOf, filterFlags, filterFromQuery, filterToQuery } from "./flag-filter.js";

const NOW = Date.parse("2026-06-02T12:00:00Z");

function doc(key: string, body: Partial<Flag>, updatedAt = "2026-05-01T00:00:00Z"): FlagDocument {
  return {
    kind: "flag",
    key,
    body: { key, type: "boolean", defaultVariation: "off", ...body } as Flag,
    version: 1,
    archived: false,
    createdAt: updatedAt,
    updatedAt,
  };
}

const flags = [
  doc("checkout-v2", { owner: "payments", tags: ["q3"], description: "One-page checkout" }, "2026-06-02T08:00:00Z"),
  doc("search-fast", {
    owner: "search",
    tags: ["experiment", "q3"],
    environments: { production: { enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 5 }] } },
  }),
  doc("old-banner", { owner: "growth", environments: { production: { enabled: false, rules: [] } } }),
];

const none: FlagFilter = { text: "", tag: "", owner: "", environment: "", state: "", recent: false };
const keys = (filter: Partial<FlagFilter>) => filterFlags(flags, { ...none, ...filter }, NOW).map((d) => d.key);

describe("filterFlags", () => {
  it("matches text in the key or the description, case-insensitively", () => {
    expect(keys({ text: "ONE-PAGE" })).toEqual(["checkout-v2"]);
    expect(keys({ text: " search " })).toEqual(["search-fast"]);
  });

  it("filters by tag, owner and changes in the last 24 hours", () => {
    expect(keys({ tag: "q3" })).toEqual(["checkout-v2", "search-fast"]);
    expect(keys({ owner: "growth" })).toEqual(["old-banner"]);
    expect(keys({ recent: true })).toEqual(["checkout-v2"]);
  });

  it("filters by state only once an environment is chosen", () => {
    expect(keys({ state: "off" })).toHaveLength(3);
    expect(keys({ state: "off", environment: "production" })).toEqual(["old-banner"]);
    expect(keys({ state: "ramping", environment: "production" })).toEqual(["search-fast"]);
    expect(keys({ state: "on", environment: "production" })).toEqual(["checkout-v2"]);
  });
});

describe("the filter in the address", () => {
  it("round-trips and leaves empty values out", () => {
    const filter: FlagFilter = {
      text: "a b",
      tag: "q3",
      owner: "",
      environment: "production",
      state: "ramping",
      recent: true,
    };
    const text = filterToQuery(filter);
    expect(text).toBe("?q=a+b&tag=q3&env=production&state=ramping&recent=1");
    expect(filterFromQuery(new URLSearchParams(text))).toEqual(filter);
    expect(filterToQuery(none)).toBe("");
  });

  it("ignores an unknown state", () => {
    expect(filterFromQuery(new URLSearchParams("state=bogus")).state).toBe("");
  });
});

describe("facetsOf", () => {
  it("lists distinct tags and owners, sorted", () => {
    expect(facetsOf(flags)).toEqual({ tags: ["experiment", "q3"], owners: ["growth", "payments", "search"] });
  });
});

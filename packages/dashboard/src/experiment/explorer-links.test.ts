import type { Metric } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { queryFromUrl, toRequest } from "../explorer/explorer-query.js";
import { comparisonLink, unitsLink, valueLink } from "./explorer-links.js";

const scope = {
  experiment: "checkout-exp",
  flag: "checkout",
  environment: "production",
  start: "2026-12-01T00:00:00.000Z",
  end: null,
};

// What the explorer will send to POST /query when it opens the link.
function requestOf(link: string): Record<string, unknown> {
  const url = new URL(link, "http://dashboard");
  expect(url.pathname).toBe("/explorer");
  expect(url.searchParams.get("run")).toBe("1");
  return toRequest(queryFromUrl(url.searchParams));
}

describe("links from a number to the raw records behind it", () => {
  it("opens a variation's exposure records for its unit count, over the phase", () => {
    expect(requestOf(unitsLink(scope, "on"))).toEqual({
      kind: "events",
      source: "exposures",
      from: scope.start,
      environment: "production",
      where: [
        { field: "experiment", op: "=", value: "checkout-exp" },
        { field: "variation", op: "=", value: "on" },
      ],
      limit: 100,
    });
  });

  it("opens the metric's events served the variation for its value, including a ratio's numerator filter", () => {
    const metric: Metric = {
      kind: "ratio",
      where: [{ field: "name", op: "=", value: "request" }],
      numerator: { aggregate: "sum", field: "spans.sql.ms", where: [{ field: "status", op: "<", value: 500 }] },
      denominator: { aggregate: "sum", field: "spans.sql.count" },
    };
    const request = requestOf(valueLink({ ...scope, end: "2026-12-02T00:00:00.000Z" }, metric, "on"));
    expect(request).toMatchObject({ kind: "events", from: scope.start, to: "2026-12-02T00:00:00.000Z" });
    expect(request["where"]).toEqual([
      { field: "name", op: "=", value: "request" },
      { field: "status", op: "<", value: 500 },
      { field: "assignments.checkout", op: "=", value: "on" },
    ]);
  });

  it("compares the control and a treatment per variation with the metric's field", () => {
    const metric: Metric = { kind: "quantile", field: "durationMs", quantile: "p95" };
    const request = requestOf(comparisonLink(scope, metric, ["off", "on"]));
    expect(request).toMatchObject({
      kind: "aggregate",
      groupBy: ["assignments.checkout"],
      aggregates: [{ fn: "count" }, { fn: "avg", field: "durationMs" }],
      where: [{ field: "assignments.checkout", op: "in", value: ["off", "on"] }],
    });
    expect(request["last"]).toBeUndefined();
  });
});

import type { Metric } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { draftFromMetric, emptyDraft, metricBody } from "./metric-draft.js";

const examples: Metric[] = [
  {
    kind: "proportion",
    description: "checkout completed",
    owner: "payments",
    direction: "higher",
    window: "7d",
    where: [{ field: "name", op: "=", value: "checkout.completed" }],
  },
  { kind: "mean", direction: "higher", aggregate: "sum", field: "fields.amount", cap: { percentile: 0.99 } },
  { kind: "mean", direction: "higher", aggregate: "count", cap: { absolute: 20 } },
  {
    kind: "ratio",
    direction: "lower",
    tolerance: 0.1,
    numerator: { aggregate: "sum", field: "spans.sql.ms" },
    denominator: { aggregate: "sum", field: "spans.sql.count", where: [{ field: "status", op: ">=", value: 200 }] },
  },
  { kind: "quantile", direction: "lower", tolerance: 0.05, field: "durationMs", quantile: "p99" },
];

describe("metric draft", () => {
  it.each(examples)("round-trips a $kind metric through the form unchanged", (metric) => {
    expect(metricBody(draftFromMetric("m", metric))).toEqual(metric);
  });

  it("sends only the chosen kind's keys, whatever else was typed before switching", () => {
    const draft = { ...emptyDraft("conv"), field: "durationMs", capValue: "5", kind: "proportion" as const };
    expect(metricBody(draft)).toEqual({ kind: "proportion", direction: "higher" });
  });

  it("sends a number that is no number as typed, so the server names its field", () => {
    expect(metricBody({ ...emptyDraft(), tolerance: "five" })).toMatchObject({ tolerance: "five" });
    expect(metricBody({ ...emptyDraft(), kind: "mean", cap: "absolute", capValue: "" })).toMatchObject({
      cap: { absolute: "" },
    });
    expect(metricBody({ ...emptyDraft(), tolerance: " 0.05 " })).toMatchObject({ tolerance: 0.05 });
  });
});

import { describe, expect, it } from "vitest";
import { describeMetric } from "./metric-summary.js";

describe("describeMetric", () => {
  it("says what each kind computes, its filters, window, direction and tolerance", () => {
    expect(
      describeMetric({
        kind: "proportion",
        window: "7d",
        where: [{ field: "name", op: "=", value: "checkout.completed" }],
      }),
    ).toBe(
      'proportion: units with a matching event · where name = "checkout.completed" · within 7d · higher is better',
    );
    expect(
      describeMetric({
        kind: "ratio",
        direction: "lower",
        tolerance: 0.1,
        numerator: { aggregate: "sum", field: "spans.sql.ms" },
        denominator: { aggregate: "count", where: [{ field: "spans.sql.count", op: "exists" }] },
      }),
    ).toBe("ratio: sum(spans.sql.ms) / count where spans.sql.count exists · lower is better · guardrail tolerance 10%");
    expect(describeMetric({ kind: "mean", aggregate: "sum", field: "fields.amount", cap: { percentile: 0.99 } })).toBe(
      "mean: sum(fields.amount) per unit, capped at the 0.99 percentile · higher is better",
    );
    expect(describeMetric({ kind: "quantile", field: "durationMs", quantile: "p95", direction: "lower" })).toBe(
      "quantile: p95 of durationMs · lower is better",
    );
  });
});

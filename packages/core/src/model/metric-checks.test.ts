import { describe, expect, it } from "vitest";
import { validateFlagSet } from "./validate-flag-set.js";

const base = { version: 1, flags: {} };

describe("metric definitions in a flag set", () => {
  it("accepts each kind and fills the direction", () => {
    const result = validateFlagSet({
      ...base,
      metrics: {
        conversion: { kind: "proportion", window: "24h", where: [{ field: "name", op: "=", value: "checkout" }] },
        latency: { kind: "quantile", field: "durationMs", quantile: "p95", direction: "lower", tolerance: 0.1 },
      },
    });
    expect(result.ok && result.value.metrics?.["conversion"]?.direction).toBe("higher");
  });

  it("names a sum without a field, a count with one, and a bad window", () => {
    const result = validateFlagSet({
      ...base,
      metrics: {
        revenue: { kind: "mean", aggregate: "sum" },
        sql: {
          kind: "ratio",
          numerator: { aggregate: "count", field: "spans.sql.ms" },
          denominator: { aggregate: "count" },
        },
        late: { kind: "proportion", window: "soon" },
      },
    });
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([
      "metrics.late.window",
      "metrics.revenue.field",
      "metrics.sql.numerator.field",
    ]);
  });

  it("requires an experiment's metrics to be defined once the set defines metrics", () => {
    const experiments = { exp: { metrics: ["conversion"], guardrails: ["errors"] } };
    expect(validateFlagSet({ ...base, experiments }).ok).toBe(true);
    const result = validateFlagSet({ ...base, experiments, metrics: { conversion: { kind: "proportion" } } });
    expect(result.ok ? [] : result.problems).toEqual([
      { path: "experiments.exp.guardrails[0]", message: 'names no defined metric (known: "conversion")' },
    ]);
  });
});

import type { MetricResult } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import type { NamedMetric } from "./experiment-setup.js";
import { guardrailVerdicts } from "./guardrail-verdicts.js";
import { valueAtRank } from "./quantile-sums.js";
import { resultsSummary } from "./results-summary.js";

function guardrail(
  direction: "higher" | "lower",
  change: { relative: number; ciLow: number; ciHigh: number } | null,
): MetricResult {
  const full = change && { ...change, absolute: 0, absoluteCiLow: 0, absoluteCiHigh: 0 };
  return {
    metric: "latency",
    kind: "mean",
    role: "guardrail",
    direction,
    variations: [
      { variation: "a", units: 100, value: 1, change: null, pValue: null, chanceToWin: null, significant: false },
      { variation: "b", units: 100, value: 1, change: full, pValue: 0.01, chanceToWin: null, significant: true },
    ],
  };
}

const NAMED: NamedMetric[] = [
  { key: "latency", role: "guardrail", definition: { kind: "mean", aggregate: "count", tolerance: 0.05 } },
];
const verdictOf = (metric: MetricResult) => guardrailVerdicts([metric], NAMED)[0]?.verdict;

describe("guardrail verdicts", () => {
  it("breaches when the change is surely bad and worse than the tolerance, either direction", () => {
    expect(verdictOf(guardrail("lower", { relative: 0.2, ciLow: 0.1, ciHigh: 0.3 }))).toBe("breached");
    expect(verdictOf(guardrail("higher", { relative: -0.2, ciLow: -0.3, ciHigh: -0.1 }))).toBe("breached");
  });

  it("is ok when even the worst end of the interval is within the tolerance", () => {
    expect(verdictOf(guardrail("lower", { relative: 0.01, ciLow: -0.02, ciHigh: 0.04 }))).toBe("ok");
    expect(verdictOf(guardrail("higher", { relative: 0.3, ciLow: 0.1, ciHigh: 0.5 }))).toBe("ok");
  });

  it("is at risk while the interval still reaches past the tolerance", () => {
    expect(verdictOf(guardrail("lower", { relative: 0.02, ciLow: -0.05, ciHigh: 0.09 }))).toBe("at-risk");
    // Surely worse, but by less than the tolerance: not breached.
    expect(verdictOf(guardrail("lower", { relative: 0.03, ciLow: 0.01, ciHigh: 0.06 }))).toBe("at-risk");
  });

  it("says not enough data when there is no comparison", () => {
    const metric = guardrail("lower", null);
    const b = metric.variations[1];
    if (b) b.notEnoughData = { reason: "no-units", message: "no units", units: { control: 100, treatment: 0 } };
    expect(guardrailVerdicts([metric], NAMED)[0]).toMatchObject({ verdict: "not-enough-data" });
  });
});

describe("quantile bounds from the store's grid", () => {
  const totals = {
    quantile: 10,
    grid: [
      { rank: 0.4, value: 8 },
      { rank: 0.5, value: 10 },
      { rank: 0.6, value: 14 },
    ],
  };
  it("interpolates between grid ranks and holds the ends beyond them", () => {
    expect(valueAtRank(totals, 0.55)).toBeCloseTo(12, 12);
    expect(valueAtRank(totals, 0.45)).toBeCloseTo(9, 12);
    expect(valueAtRank(totals, 0.1)).toBe(8);
    expect(valueAtRank(totals, 0.9)).toBe(14);
    expect(valueAtRank({ quantile: 3, grid: [] }, 0.5)).toBe(3);
  });
});

describe("the summary", () => {
  const srm = { pValue: 0.5, mismatch: false, expected: {}, observed: {}, message: "ok" };
  it("puts the sample-ratio warning first and judges changes by the metric's direction", () => {
    const metric = guardrail("lower", { relative: 0.2, ciLow: 0.1, ciHigh: 0.3 });
    const primary = { ...metric, metric: "sql-ms", role: "primary" as const };
    const text = resultsSummary({
      srm: { ...srm, mismatch: true, message: "Sample ratio mismatch (p < 0.0001): …" },
      metrics: [primary],
      guardrails: [],
      units: { total: 200, multipleVariations: 3 },
      notEnoughData: null,
      phase: null,
    });
    expect(text).toBe(
      "Sample ratio mismatch (p < 0.0001): … b raises sql-ms by 20.0% [+10.0%, +30.0%] (p = 0.01; worse). " +
        "3 units saw more than one variation and were left out.",
    );
  });

  it("says how long to keep running when the primary metric is inconclusive", () => {
    const metric = guardrail("higher", { relative: 0.01, ciLow: -0.02, ciHigh: 0.04 });
    const b = metric.variations[1];
    if (b)
      Object.assign(b, {
        significant: false,
        pValue: 0.4,
        minimumDetectableEffect: 0.03,
        daysUntilDetectable: { relativeEffect: 0.01, days: 12 },
      });
    const text = resultsSummary({
      srm,
      metrics: [{ ...metric, metric: "conversion", role: "primary" }],
      guardrails: [],
      units: { total: 200, multipleVariations: 0 },
      notEnoughData: null,
      phase: null,
    });
    expect(text).toBe(
      "b has no significant effect on conversion (+1.0% [−2.0%, +4.0%], p = 0.4; a change of 3.0% or more would be " +
        "detected now; keep running about 12 more days to detect a 1.0% change).",
    );
  });
});

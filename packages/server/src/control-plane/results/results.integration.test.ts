import type { ExperimentResults, MetricResult } from "@switchboard/core";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

// A synthetic experiment sent through the public ingest API, with known true effects:
// - conversion (primary): 20% in "off", 30% in "on" (a real lift of +50%);
// - pageviews (secondary): the same distribution in both (no effect), correlated with each unit's pre-exposure
//   pageviews, so CUPED has something to remove;
// - latency (guardrail, lower is better, 5% tolerance): "on" requests take 30% longer;
// - sql-ms per execution (ratio of span totals): 5 ms in "off", 10 ms in "on";
// - a second experiment whose exposures split 60/40 against configured 50/50 weights (SRM).

const UNITS = 2000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let t: TestApp;
let events: DuckDbEventStore;
let start: number;

// A deterministic generator, so the test's verdicts do not depend on luck.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const response = await t.call("admin", { method: "POST", url, payload: payload as object, headers });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response;
}

async function ingest(items: unknown[]) {
  for (let i = 0; i < items.length; i += 2000) {
    const body = items
      .slice(i, i + 2000)
      .map((item) => JSON.stringify(item))
      .join("\n");
    const response = await t.call("serverSdk", {
      method: "POST",
      url: "/api/v1/events",
      payload: body,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
  }
}

function experimentFlag(key: string, experiment: string) {
  const rule = { id: "split", kind: "experiment", key: experiment, variations: ["off", "on"], weights: [0.5, 0.5] };
  return { key, type: "boolean", defaultVariation: "off", environments: { production: { rules: [rule] } } };
}

const iso = (ms: number) => new Date(ms).toISOString();

function exposure(experiment: string, flag: string, unit: string, variation: string, at: number) {
  const base = { type: "exposure", id: `x-${experiment}-${unit}`, ts: iso(at), unit, hashAttribute: "id", flag };
  return { ...base, variation, ruleId: "split", experiment, inExperiment: true };
}

function syntheticItems(): unknown[] {
  const random = lcg(42);
  const items: unknown[] = [];
  for (let i = 0; i < UNITS; i++) {
    const unit = `user-${i}`;
    const variation = i % 2 === 0 ? "off" : "on";
    const exposedAt = start + 10 * MINUTE + i * 20_000;
    items.push(exposure("checkout-exp", "checkout", unit, variation, exposedAt));
    const activity = Math.floor(random() * 4);
    // Before exposure: pageviews that predict the ones after it.
    for (let k = 0; k < activity; k++) {
      items.push({
        type: "event",
        id: `pre-${unit}-${k}`,
        ts: iso(exposedAt - 20 * HOUR + k * MINUTE),
        name: "page",
        unit,
      });
    }
    const views = activity + Math.floor(random() * 3);
    for (let k = 0; k < views; k++) {
      items.push({ type: "event", id: `pv-${unit}-${k}`, ts: iso(exposedAt + (k + 1) * MINUTE), name: "page", unit });
    }
    const requests = 1 + Math.floor(random() * 3);
    for (let k = 0; k < requests; k++) {
      const sqlCount = 1 + Math.floor(random() * 4);
      const duration = (100 + random() * 40) * (variation === "on" ? 1.3 : 1);
      items.push({
        type: "event",
        id: `rq-${unit}-${k}`,
        ts: iso(exposedAt + 30 * MINUTE + k * MINUTE),
        name: "request",
        unit,
        durationMs: duration,
        assignments: { checkout: variation },
        spans: { sql: { ms: sqlCount * (variation === "on" ? 10 : 5) * (0.8 + 0.4 * random()), count: sqlCount } },
      });
    }
    if (random() < (variation === "on" ? 0.3 : 0.2)) {
      items.push({ type: "event", id: `co-${unit}`, ts: iso(exposedAt + 2 * HOUR), name: "checkout", unit });
    }
  }
  for (let i = 0; i < 1000; i++) {
    const variation = i % 5 < 3 ? "off" : "on";
    items.push(exposure("srm-exp", "banner", `visitor-${i}`, variation, start + 10 * MINUTE + i * 1000));
  }
  items.push(exposure("lonely-exp", "lonely", "only-one", "off", start + 10 * MINUTE));
  return items;
}

beforeAll(async () => {
  events = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
  t = await createTestApp({}, { events });
  start = t.clock.now().getTime();
  const reason = { "x-change-reason": "experiment start" };
  const metrics = [
    { name: "conversion", kind: "proportion", where: [{ field: "name", op: "=", value: "checkout" }] },
    { name: "pageviews", kind: "mean", aggregate: "count", where: [{ field: "name", op: "=", value: "page" }] },
    {
      name: "latency",
      kind: "mean",
      aggregate: "sum",
      field: "durationMs",
      direction: "lower",
      tolerance: 0.05,
      where: [{ field: "name", op: "=", value: "request" }],
    },
    {
      name: "sql-ms",
      kind: "ratio",
      direction: "lower",
      numerator: { aggregate: "sum", field: "spans.sql.ms" },
      denominator: { aggregate: "sum", field: "spans.sql.count" },
    },
    {
      name: "no-spans",
      kind: "ratio",
      numerator: { aggregate: "sum", field: "spans.cache.ms" },
      denominator: { aggregate: "sum", field: "spans.cache.count" },
    },
    { name: "latency-p95", kind: "quantile", field: "durationMs", quantile: "p95", direction: "lower" },
  ];
  for (const metric of metrics) await post("/api/v1/metrics", metric);
  await post("/api/v1/experiments", {
    name: "checkout-exp",
    hypothesis: "The new checkout converts better.",
    metrics: ["conversion"],
    secondaryMetrics: ["pageviews", "sql-ms", "no-spans", "latency-p95"],
    guardrails: ["latency"],
  });
  await post("/api/v1/experiments", { name: "srm-exp", metrics: ["conversion"] });
  await post("/api/v1/experiments", { name: "lonely-exp", metrics: ["conversion"] });
  await post("/api/v1/flags", experimentFlag("checkout", "checkout-exp"), reason);
  await post("/api/v1/flags", experimentFlag("banner", "srm-exp"), reason);
  await post("/api/v1/flags", experimentFlag("lonely", "lonely-exp"), reason);
  t.clock.advance(MINUTE);
  await ingest(syntheticItems());
  t.clock.advance(2 * 24 * HOUR);
}, 120_000);

afterAll(async () => {
  await t.app.close();
  await events.close();
});

async function results(key: string, query = ""): Promise<ExperimentResults> {
  const response = await t.call("viewer", { method: "GET", url: `/api/v1/experiments/${key}/results${query}` });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).not.toMatch(/NaN|Infinity/);
  return response.json() as ExperimentResults;
}

const metric = (r: ExperimentResults, key: string) => r.metrics.find((m) => m.metric === key) as MetricResult;
const treatment = (m: MetricResult) => m.variations.find((v) => v.variation === "on");

describe("experiment results through the HTTP API, from events ingested through the public API", () => {
  it("finds the real lift on the primary metric and gives the control no change", async () => {
    const r = await results("checkout-exp");
    expect(r.phase).toMatchObject({ index: 1, phases: 1, end: null });
    expect(r.units).toEqual({ total: UNITS, multipleVariations: 0 });
    const conversion = metric(r, "conversion");
    expect(conversion.variations[0]).toMatchObject({ variation: "off", units: UNITS / 2, change: null });
    const on = treatment(conversion);
    expect(on?.significant).toBe(true);
    expect(on?.pValue).toBeLessThan(0.01);
    expect(on?.change?.ciLow).toBeGreaterThan(0);
    expect(on?.change?.ciLow).toBeLessThan(0.5);
    expect(on?.change?.ciHigh).toBeGreaterThan(0.5);
    expect(r.summary).toMatch(/^on raises conversion by /);
  });

  it("does not call the null metric significant, and CUPED removes variance with the pre-exposure pageviews", async () => {
    const r = await results("checkout-exp");
    const on = treatment(metric(r, "pageviews"));
    expect(on?.significant).toBe(false);
    expect(on?.pValue).toBeGreaterThan(0.05);
    expect(on?.varianceReduction).toBeGreaterThan(0.2);
    expect(on?.minimumDetectableEffect).toBeGreaterThan(0);
    expect(on?.daysUntilDetectable).toEqual({ relativeEffect: 0.01, days: expect.any(Number) });
    expect(on?.daysUntilDetectable?.days).toBeGreaterThan(0);
    const plain = treatment(metric(await results("checkout-exp", "?cuped=false"), "pageviews"));
    expect(plain?.varianceReduction).toBeUndefined();
  });

  it("flags the regressing guardrail", async () => {
    const r = await results("checkout-exp");
    expect(r.guardrails).toEqual([
      expect.objectContaining({ metric: "latency", variation: "on", tolerance: 0.05, verdict: "breached" }),
    ]);
    expect(r.summary).toContain("Guardrail breached: on: latency +");
  });

  it("computes a ratio from span totals per unit, and says a zero denominator is not enough data", async () => {
    const r = await results("checkout-exp");
    const sql = metric(r, "sql-ms");
    expect(sql.variations[0]?.value).toBeCloseTo(5, 0);
    expect(sql.variations[1]?.value).toBeCloseTo(10, 0);
    expect(treatment(sql)?.significant).toBe(true);
    expect(treatment(sql)?.change?.ciLow).toBeLessThan(1);
    expect(treatment(sql)?.change?.ciHigh).toBeGreaterThan(1);
    // About 5 ms more per execution × the executions of the window (2000 units × 2 requests × 2.5 executions on
    // average), over the 2-day window: ~25 s of SQL a day.
    const cost = treatment(sql)?.costPerDay;
    expect(cost?.milliseconds).toBeGreaterThan(20_000);
    expect(cost?.milliseconds).toBeLessThan(30_000);
    expect(cost?.cpuHours).toBeCloseTo((cost?.milliseconds ?? 0) / 3_600_000, 12);
    expect(treatment(metric(r, "conversion"))?.costPerDay).toBeUndefined();
    expect(r.summary).toMatch(/on also raises sql-ms by .+? \(worse; \d+ CPU-seconds more a day at current traffic\)/);
    const none = treatment(metric(r, "no-spans"));
    expect(none).toMatchObject({ value: null, change: null, pValue: null });
    expect(none?.notEnoughData).toMatchObject({
      reason: "zero-denominator",
      units: { control: 1000, treatment: 1000 },
    });
    const p95 = treatment(metric(r, "latency-p95"));
    expect(p95?.significant).toBe(true);
    expect(p95?.change?.relative).toBeGreaterThan(0.2);
  });

  it("raises the sample-ratio mismatch banner when the split is not the configured one", async () => {
    const r = await results("srm-exp");
    expect(r.srm).toMatchObject({ mismatch: true, observed: { off: 600, on: 400 }, expected: { off: 500, on: 500 } });
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.summary).toMatch(/^Sample ratio mismatch/);
    expect((await results("checkout-exp")).srm.mismatch).toBe(false);
  });

  it("applies Holm's correction and the sequential and Bayesian methods", async () => {
    const plain = treatment(metric(await results("checkout-exp"), "conversion"));
    const holm = treatment(metric(await results("checkout-exp", "?correction=holm"), "conversion"));
    expect(holm?.pValue).toBeGreaterThan(plain?.pValue ?? 1);
    const sequential = treatment(metric(await results("checkout-exp", "?method=sequential"), "conversion"));
    expect((sequential?.change?.ciHigh ?? 0) - (sequential?.change?.ciLow ?? 0)).toBeGreaterThan(
      (plain?.change?.ciHigh ?? 0) - (plain?.change?.ciLow ?? 0),
    );
    const bayesian = treatment(metric(await results("checkout-exp", "?method=bayesian"), "conversion"));
    expect(bayesian?.pValue).toBeNull();
    expect(bayesian?.chanceToWin).toBeGreaterThan(0.99);
  });

  it("answers not enough data, with the counts, when a variation has no units", async () => {
    const r = await results("lonely-exp");
    const on = treatment(metric(r, "conversion"));
    expect(on).toMatchObject({ units: 0, value: null, change: null });
    expect(on?.notEnoughData?.units).toEqual({ control: 1, treatment: 0 });
  });

  it("answers 404 for an unknown experiment and 400 for a phase it does not have", async () => {
    const unknown = await t.call("viewer", { method: "GET", url: "/api/v1/experiments/nope/results" });
    expect(unknown.statusCode).toBe(404);
    const phase = await t.call("viewer", { method: "GET", url: "/api/v1/experiments/checkout-exp/results?phase=9" });
    expect(phase.statusCode).toBe(400);
    expect(phase.json().error.details[0].path).toBe("phase");
    const method = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/experiments/checkout-exp/results?method=magic",
    });
    expect(method.statusCode).toBe(400);
  });

  it("narrows the window with from/to, answering not enough data with the counts when it holds no exposure", async () => {
    const late = await results("checkout-exp", `?from=${iso(start + 30 * HOUR)}`);
    expect(late.phase?.start).toBe(iso(start + 30 * HOUR));
    expect(late.units).toEqual({ total: 0, multipleVariations: 0 });
    expect(late.notEnoughData).toBe("no exposed units in phase 1 (0 saw more than one variation)");
    expect(late.summary).toMatch(/^Not enough data: no exposed units/);
    const early = await results("checkout-exp", `?to=${iso(start + 10 * MINUTE + 1000 * 20_000)}`);
    expect(early.units.total).toBe(1000);
    const backwards = await t.call("viewer", {
      method: "GET",
      url: `/api/v1/experiments/checkout-exp/results?from=${iso(start + 30 * HOUR)}&to=${iso(start + HOUR)}`,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details[0].path).toBe("from");
  });

  it("answers that an experiment never ran in an environment where it has no rule", async () => {
    const r = await results("checkout-exp", "?environment=staging");
    expect(r.phase).toBeNull();
    expect(r.notEnoughData).toBe("the experiment has never run in staging");
  });
});

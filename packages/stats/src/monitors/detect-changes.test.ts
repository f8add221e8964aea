import { describe, expect, test } from "vitest";
import { poisson, seasonalRate, seededRandom } from "../test-data/seeded-series.js";
import {
  anscombeMean,
  DEFAULT_CUSUM_BANK,
  type DetectorObservation,
  detectChanges,
  INITIAL_DETECTOR_STATE,
  stepDetector,
} from "./detect-changes.js";
import { observationsOf } from "./observations.js";
import { predictSeries } from "./predict-series.js";

/** Observations with expected 10 and sd 1, so actual − 10 is the standardised value z. */
function zs(values: readonly number[]): DetectorObservation[] {
  return values.map((z, time) => ({ time, actual: 10 + z, expected: 10, standardDeviation: 1 }));
}

describe("stepDetector / detectChanges", () => {
  test("CUSUM by hand (k 0.5, h 2): S = 0, 0.5, 2.0, 4.5 → alarm at 3; onset 2 = argmax of (tail sum)²/length over 9/1, 25/2, 36/3", () => {
    const { events, state } = detectChanges(zs([0, -1, -2, -3]), { k: 0.5, h: 2, kind: "value", bucketMs: 1 });
    expect(events).toEqual([
      {
        type: "alarm",
        direction: "drop",
        onset: 2,
        detectedAt: 3,
        resolvedAt: null,
        expectedSum: 20,
        actualSum: 15,
        buckets: 2,
        endsAt: 4,
      },
    ]);
    // Capped at cap·h = 4 while alerting.
    expect(state.drop.statistic).toBe(4);
    expect(state.surge.statistic).toBe(0);
  });

  test("after the alarm the side recovers: 4 − 1.5 = 2.5, 1.0, then ≤ 0 → resolved", () => {
    const { events } = detectChanges(zs([0, -1, -2, -3, 1, 1, 1]), { k: 0.5, h: 2, kind: "value" });
    expect(events.map((e) => [e.type, e.resolvedAt])).toEqual([
      ["alarm", null],
      ["resolved", 6],
    ]);
  });

  test("surges are the mirror image", () => {
    const { events } = detectChanges(zs([0, 1, 2, 3]), { k: 0.5, h: 2, kind: "value" });
    expect(events.map((e) => [e.type, e.direction, e.onset, e.detectedAt])).toEqual([["alarm", "surge", 2, 3]]);
  });

  test("gone to zero: expected 5 per bucket, Σ 5, 10, 15 ≥ ln 10⁶ at the third zero; resolves at the first non-zero", () => {
    const observations = [3, 0, 0, 0, 0, 4].map((actual, time) => ({
      time,
      actual,
      expected: 5,
      standardDeviation: 100,
    }));
    const { events } = detectChanges(observations);
    expect(events.map((e) => [e.type, e.direction, e.onset, e.detectedAt, e.resolvedAt])).toEqual([
      ["alarm", "zero", 1, 3, null],
      ["resolved", "zero", 1, 3, 5],
    ]);
  });

  test("counts are standardised through Anscombe's root, centred on its Poisson mean: 16 vs 9 (sd 3) is z = 2√16.375 − E[2√(X + 3/8)] = 2.05178, not 2.33", () => {
    const step = stepDetector(
      INITIAL_DETECTOR_STATE,
      { time: 0, actual: 16, expected: 9, standardDeviation: 3 },
      { k: 0 },
    );
    // E[2√(X + 3/8)] for X ~ Poisson(9) = 6.0414259 (summed over the pmf), 0.0826 below 2√9.375.
    expect(anscombeMean(9)).toBeCloseTo(6.0414259, 6);
    expect(step.state.surge.statistic).toBeCloseTo(2.051781, 5);
    const plain = stepDetector(
      INITIAL_DETECTOR_STATE,
      { time: 0, actual: 16, expected: 9, standardDeviation: 3 },
      { k: 0, kind: "value" },
    );
    expect(plain.state.surge.statistic).toBeCloseTo(7 / 3, 12);
  });

  test("Anscombe's mean: the exact sum below λ = 30 meets the expansion 2√(λ + 3/8) − 1/(4√λ) above it", () => {
    expect(anscombeMean(29.999)).toBeCloseTo(anscombeMean(30), 5);
    expect(anscombeMean(1000)).toBeCloseTo(2 * Math.sqrt(1000.375) - 1 / (4 * Math.sqrt(1000)), 12);
    expect(anscombeMean(0)).toBeCloseTo(2 * Math.sqrt(0.375), 12);
  });

  test("the default bank answers a large drop in one bucket and a small one through its small-k member", () => {
    // 6σ in one bucket: the k = 2 member reaches 6 − 2 = 4 > h = 3.5 at once.
    const bank = { kind: "value", bank: DEFAULT_CUSUM_BANK } as const;
    expect(detectChanges(zs([0, 0, -6]), bank).events.map((e) => [e.type, e.detectedAt])).toEqual([["alarm", 2]]);
    // A single k = 0.5, h = 12 CUSUM needs 12/5.5 → 3 buckets for the same drop.
    expect(
      detectChanges(zs([0, 0, -6, -6, -6]), { k: 0.5, h: 12, kind: "value" }).events.map((e) => e.detectedAt),
    ).toEqual([4]);
    // 1.5σ per bucket: k = 1 accumulates 0.5 a bucket (13 buckets to pass 6), k = 0.5 one a bucket (15 to pass 14).
    const small = detectChanges(zs([0, ...Array(20).fill(-1.5)]), bank).events;
    expect(small.map((e) => [e.type, e.onset, e.detectedAt])).toEqual([["alarm", 1, 13]]);
  });

  test("a small relative drop is dated to its start (Poisson change point over the remembered buckets)", () => {
    // 10 a bucket for 300 buckets, then 20% fewer from bucket 300 on: actual 8 against expected 10, sd √10.
    const observations = Array.from({ length: 500 }, (_, time) => ({
      time,
      actual: time < 300 ? 10 + ((time % 3) - 1) * 3 : 8 + ((time % 3) - 1) * 3,
      expected: 10,
      standardDeviation: Math.sqrt(10),
    }));
    const [alarm] = detectChanges(observations).events;
    expect(alarm?.type).toBe("alarm");
    expect(Math.abs((alarm?.onset as number) - 300)).toBeLessThanOrEqual(3);
  });

  test("missing actual, prediction or spread changes nothing", () => {
    const state = detectChanges(zs([-3, -3]), { k: 0.5, h: 100, kind: "value" }).state;
    for (const gap of [
      { time: 9, actual: null, expected: 10, standardDeviation: 1 },
      { time: 9, actual: 5, expected: null, standardDeviation: 1 },
      { time: 9, actual: 5, expected: 10, standardDeviation: null },
    ]) {
      expect(stepDetector(state, gap)).toEqual({ state, events: [] });
    }
  });

  test("the state is plain JSON: a runner can persist it and resume", () => {
    const observations = zs([0, -1, -2, -3, -1, 0, 2, 2, 2, 2]);
    const whole = detectChanges(observations, { k: 0.5, h: 2, kind: "value" });
    const first = detectChanges(observations.slice(0, 5), { k: 0.5, h: 2, kind: "value" });
    const resumed = detectChanges(
      observations.slice(5),
      { k: 0.5, h: 2, kind: "value" },
      JSON.parse(JSON.stringify(first.state)),
    );
    expect([...first.events, ...resumed.events]).toEqual(whole.events);
    expect(resumed.state).toEqual(whole.state);
  });

  test("a series that is exactly its prediction never alarms", () => {
    const observations = Array.from({ length: 10080 }, (_, time) => ({
      time,
      actual: 100,
      expected: 100,
      standardDeviation: 10,
    }));
    expect(detectChanges(observations).events).toEqual([]);
    expect(INITIAL_DETECTOR_STATE.drop.statistic).toBe(0);
  });
});

describe("prediction + detection on simulated Poisson traffic", () => {
  const random = seededRandom(11);
  const minutes = 5 * 10080;
  const rates = Array.from({ length: minutes }, (_, m) => seasonalRate(m, 100));
  const clean = rates.map((rate) => poisson(random, rate));

  test("a week of noise at defaults: no alarm", () => {
    const prediction = predictSeries(clean);
    const week5 = observationsOf(clean, prediction.buckets, 0, 1).slice(4 * 10080);
    expect(detectChanges(week5).events).toEqual([]);
  });

  test("a 20% step drop alarms, with the onset within a few minutes of the true start", () => {
    const start = 4 * 10080 + 1440 + 720; // Tuesday noon, about 100 per minute
    const dropped = clean.map((value, m) =>
      m >= start && m < start + 120 ? poisson(random, 0.8 * (rates[m] as number)) : value,
    );
    const prediction = predictSeries(dropped);
    const observations = observationsOf(dropped, prediction.buckets, 0, 1).slice(4 * 10080);
    const alarms = detectChanges(observations).events.filter((e) => e.type === "alarm");
    expect(alarms).toHaveLength(1);
    const [alarm] = alarms;
    expect(alarm?.direction).toBe("drop");
    expect(Math.abs((alarm?.onset as number) - start)).toBeLessThanOrEqual(5);
    expect((alarm?.detectedAt as number) - start).toBeLessThan(30);
    // Σ actual/Σ expected since the onset ≈ 0.8.
    expect((alarm?.actualSum as number) / (alarm?.expectedSum as number)).toBeGreaterThan(0.7);
    expect((alarm?.actualSum as number) / (alarm?.expectedSum as number)).toBeLessThan(0.9);
  });
});

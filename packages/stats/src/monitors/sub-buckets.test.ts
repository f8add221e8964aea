import { describe, expect, test } from "vitest";
import { poisson, seededRandom } from "../test-data/seeded-series.js";
import {
  type ChangeEvent,
  type DetectorObservation,
  type DetectorState,
  detectChanges,
  INITIAL_DETECTOR_STATE,
  stepDetector,
} from "./detect-changes.js";
import { groupCounts, splitMinute, stepMinute, subBucketsOf } from "./sub-buckets.js";

const MINUTE = 60_000;

describe("subBucketsOf / groupCounts / splitMinute", () => {
  test("the finest cut of 6, 3, 2, 1 that leaves at least 10 expected per part", () => {
    expect([600, 60, 59, 30, 29, 20, 19, 10, 0.5, 0].map((e) => subBucketsOf(e, { maxParts: 6 }))).toEqual([
      6, 6, 3, 3, 2, 2, 1, 1, 1, 1,
    ]);
    expect(subBucketsOf(Number.NaN, { maxParts: 6 })).toBe(1);
    // Off by default.
    expect(subBucketsOf(600)).toBe(1);
    expect(subBucketsOf(600, { maxParts: 3 })).toBe(3);
    expect(subBucketsOf(600, { maxParts: 6, minExpected: 200 })).toBe(3);
  });

  test("groupCounts sums equal consecutive groups, or the whole minute when they do not divide", () => {
    expect(groupCounts([1, 2, 3, 4, 5, 6], 3)).toEqual([3, 7, 11]);
    expect(groupCounts([1, 2, 3, 4, 5, 6], 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(groupCounts([1, 2, 3, 4, 5, 6], 4)).toEqual([21]);
    expect(groupCounts([1, 2, 3], 1)).toEqual([6]);
  });

  test("a high-rate minute becomes parts with e/n, sd/√n and weight 1/n at their own start times", () => {
    const minute = { time: 5 * MINUTE, actual: 0, expected: 600, standardDeviation: 30 };
    const parts = splitMinute(minute, [100, 90, 110, 95, 105, 100], MINUTE, { maxParts: 6 });
    expect(parts.map((p) => [p.time, p.actual, p.expected, p.weight])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [5 * MINUTE + i * 10_000, [100, 90, 110, 95, 105, 100][i], 100, 1 / 6]),
    );
    for (const p of parts) expect(p.standardDeviation).toBeCloseTo(30 / Math.sqrt(6), 12);
  });

  test("a low-rate minute, or one without its parts, stays whole (its actual the parts' sum when given)", () => {
    const low = { time: 0, actual: 0, expected: 12, standardDeviation: 4 };
    expect(splitMinute(low, [2, 2, 2, 2, 2, 2], MINUTE, { maxParts: 6 })).toEqual([{ ...low, actual: 12 }]);
    const high = { time: 0, actual: 590, expected: 600, standardDeviation: 30 };
    expect(splitMinute(high, null, MINUTE, { maxParts: 6 })).toEqual([high]);
    // Five parts cannot be grouped into the 6 the rate asks for: whole.
    expect(splitMinute(high, [100, 100, 100, 100, 100], MINUTE, { maxParts: 6 })).toEqual([{ ...high, actual: 500 }]);
    // Off by default: whole, with the parts' sum.
    expect(splitMinute(high, [100, 100, 100, 100, 100, 100], MINUTE)).toEqual([{ ...high, actual: 600 }]);
  });
});

describe("weighted buckets in stepDetector", () => {
  test("the parts of a minute move the statistic as the minute does (while it stays above 0)", () => {
    // Values: the minute z = −3 each minute; its 6 parts each carry z/√6 in their own standard deviations.
    const options = { k: 0.5, h: 1000, kind: "value" } as const;
    const whole = detectChanges(
      [0, 1, 2].map((m) => ({ time: m, actual: 100 - 3 * 6, expected: 100, standardDeviation: 6 })),
      options,
    );
    let state: DetectorState = INITIAL_DETECTOR_STATE;
    for (let m = 0; m < 3; m++) {
      for (let p = 0; p < 6; p++) {
        const part = { time: m + p / 6, actual: 100 / 6 - 3, expected: 100 / 6, standardDeviation: 6 / Math.sqrt(6) };
        state = stepDetector(state, { ...part, weight: 1 / 6 }, options).state;
      }
    }
    expect(whole.state.drop.statistic).toBeCloseTo(7.5, 12);
    expect(state.drop.statistic).toBeCloseTo(7.5, 12);
  });

  test("a part's threshold is raised by 0.583·(1 − √w): the same statistic alarms whole but not in a part", () => {
    // z = −2.1/√w, so the part adds √w·2.1/√w = 2.1 in minute units: over h = 2, under 2 + 0.583·(1 − √¼) = 2.29.
    const step = (weight: number) =>
      stepDetector(
        INITIAL_DETECTOR_STATE,
        { time: 0, actual: 0, expected: 2.1 / Math.sqrt(weight), standardDeviation: 1, weight },
        { k: 0, h: 2, kind: "value" },
      );
    expect(step(1).events.map((e) => e.type)).toEqual(["alarm"]);
    expect(step(0.25).events).toEqual([]);
    expect(step(0.25).state.drop.statistic).toBeCloseTo(2.1, 12);
  });

  test("a weight of 0 or less is ignored like a missing bucket", () => {
    const observation = { time: 0, actual: 0, expected: 100, standardDeviation: 10, weight: 0 };
    expect(stepDetector(INITIAL_DETECTOR_STATE, observation)).toEqual({ state: INITIAL_DETECTOR_STATE, events: [] });
  });
});

/** Runs `stepMinute` over minutes of Poisson(rate) (after `dropAt`, Poisson(rate·(1 − f))) drawn as six 10 s counts. */
function simulate(
  seed: number,
  rate: number,
  minutes: number,
  drop: { at: number; f: number } | null,
  maxParts: number,
): { alarms: { event: ChangeEvent; endMs: number }[] } {
  const random = seededRandom(seed);
  const alarms: { event: ChangeEvent; endMs: number }[] = [];
  let state: DetectorState = INITIAL_DETECTOR_STATE;
  for (let m = 0; m < minutes; m++) {
    const mean = drop !== null && m >= drop.at ? rate * (1 - drop.f) : rate;
    const counts = Array.from({ length: 6 }, () => poisson(random, mean / 6));
    const minute: DetectorObservation = {
      time: m * MINUTE,
      actual: null,
      expected: rate,
      standardDeviation: Math.sqrt(rate),
    };
    const step = stepMinute(state, minute, counts, MINUTE, { subBuckets: { maxParts } });
    state = step.state;
    for (const event of step.events) {
      if (event.type === "alarm") alarms.push({ event, endMs: event.detectedAt + MINUTE / step.parts });
    }
  }
  return { alarms };
}

describe("stepMinute on simulated Poisson counts (fixed seeds)", () => {
  const WEEK = 10_080;

  test.each([
    [600, 6, 3],
    [25, 6, 6],
    [600, 1, 3],
  ])("stationary Poisson at %d a minute (up to %d parts): at most %d alarms in 3 weeks", (rate, maxParts, most) => {
    // The default bank is set for about one false alarm a week per monitor on real residuals (whose prediction error
    // adds to the Poisson noise). On pure Poisson noise whole minutes stay well under that; 10 s parts of 100 too,
    // but parts of 12.5 (25 a minute cut in two) alarm more often (4 in these 3 weeks, against 2 for whole minutes
    // at 0.5 a week): one reason sub-minute evaluation is off by default and needs at least 10 per part.
    const { alarms } = simulate(rate * 31 + maxParts, rate, 3 * WEEK, null, maxParts);
    expect(alarms.length).toBeLessThanOrEqual(most);
  });

  test("a 30% drop at 600 a minute (bound (3/0.3)²/600 min = 10 s) is answered inside its first minute", () => {
    const delays: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const at = 120;
      const fine = simulate(seed, 600, 130, { at, f: 0.3 }, 6).alarms;
      expect(fine).toHaveLength(1);
      const [alarm] = fine;
      expect(alarm?.event.direction).toBe("drop");
      const delayMs = (alarm?.endMs as number) - at * MINUTE;
      expect(delayMs).toBeGreaterThan(0);
      expect(delayMs).toBeLessThan(MINUTE);
      delays.push(delayMs);
      // The onset is dated to the part the drop began in, or one either side.
      expect(Math.abs((alarm?.event.onset as number) - at * MINUTE)).toBeLessThanOrEqual(10_000);
      // Whole minutes cannot answer before the end of the first one.
      const whole = simulate(seed, 600, 130, { at, f: 0.3 }, 1).alarms;
      expect((whole[0]?.endMs as number) - at * MINUTE).toBeGreaterThanOrEqual(MINUTE);
    }
    // Typically in three or four 10 s parts.
    expect([...delays].sort((a, b) => a - b)[2]).toBeLessThanOrEqual(40_000);
  });
});

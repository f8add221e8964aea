import { describe, expect, it } from "vitest";
import { metricQuery } from "./monitor-metric-query.js";
import { createStatsDetection } from "./stats-detection.js";

const MINUTE = 60_000;
const params = { direction: "drop" as const, isCount: true };

describe("the statistics' detector behind the runner's seam, below the minute", () => {
  const { detector } = createStatsDetection({ subBuckets: { maxParts: 6 } });

  it("asks for 10 s buckets for a high-rate count and whole minutes otherwise", () => {
    expect(detector.bucketSeconds?.(6000, params)).toBe(10);
    expect(detector.bucketSeconds?.(5, params)).toBe(60);
    expect(detector.bucketSeconds?.(6000, { ...params, isCount: false })).toBe(60);
  });

  it("steps through the minute's parts: a collapse in its second 10 s part alarms before the minute ends", () => {
    let state = detector.initial();
    const at = (m: number) => new Date(Date.UTC(2030, 0, 8, 11, m)).toISOString();
    const steady = [1000, 1000, 1000, 1000, 1000, 1000];
    for (let m = 0; m < 10; m++) {
      state = detector.step(state, { at: at(m), actual: 6000, expected: 6000, sd: 80, counts: steady }, params).state;
    }
    const counts = [1000, 300, 300, 300, 300, 300];
    const result = detector.step(state, { at: at(10), actual: 2500, expected: 6000, sd: 80, counts }, params);
    expect(result.alarm?.direction).toBe("drop");
    expect(result.alarm?.onsetAt).toBe("2030-01-08T11:10:10.000Z");
    // Known at the end of the part that crossed, not at the end of the minute.
    expect(Date.parse(result.alarm?.detectedAt ?? "")).toBeLessThan(Date.parse(at(10)) + MINUTE);
  });

  it("by default the CUSUMs take whole minutes and the change watches 10 s parts: the runner is asked for parts when the rate allows", () => {
    const detection = createStatsDetection();
    expect(detection.detector.bucketSeconds?.(6000, params)).toBe(10);
    // 25 a minute: 12.5 per 30 s part is the finest cut with at least 10 expected.
    expect(detection.detector.bucketSeconds?.(25, params)).toBe(30);
    expect(detection.detector.bucketSeconds?.(5, params)).toBe(60);
    expect(createStatsDetection({ subBuckets: { watchMaxParts: 1 } }).detector.bucketSeconds?.(6000, params)).toBe(60);
  });

  it("without the parts a minute is stepped whole, as before", () => {
    const result = detector.step(
      detector.initial(),
      { at: "2030-01-08T11:10:00.000Z", actual: 2500, expected: 6000, sd: 80 },
      params,
    );
    expect(result.alarm?.detectedAt).toBe("2030-01-08T11:11:00.000Z");
  });

  it("the metric query reads the buckets asked for", () => {
    const metric = { fn: "count" as const, environment: "production" };
    expect(metricQuery(metric, "a", "b").bucket).toBe("1m");
    expect(metricQuery(metric, "a", "b", { bucketSeconds: 10 }).bucket).toBe("10s");
  });
});

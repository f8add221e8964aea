import { describe, expect, test } from "vitest";
import { evaluateLabelled, loadLabelledSeries } from "../bench/detection/labelled-series.js";

// NAB's labelled real series (bench/detection/anomaly, MIT, Numenta): the package defaults, no tuning per series.
describe("prediction + detection on labelled real series", () => {
  test("NYC taxi (30-min counts, daily and weekly cycles): every labelled window (marathon, Thanksgiving, Christmas, New Year, blizzard) raises an alarm", () => {
    const series = loadLabelledSeries("nyc_taxi.csv", "count");
    expect(series.stepMs).toBe(30 * 60_000);
    expect(series.values).toHaveLength(10_320);
    const result = evaluateLabelled(series);
    expect(result.windows).toBe(5);
    expect(result.detected).toBe(5);
  });

  test("EC2 latency (5-min values, two weeks: cold start, then one week of seasonal history): 2 of the 3 failures", () => {
    const result = evaluateLabelled(loadLabelledSeries("ec2_request_latency_system_failure.csv", "value"));
    expect(result.windows).toBe(3);
    expect(result.detected).toBeGreaterThanOrEqual(2);
    expect(result.falseAlarms).toBeLessThanOrEqual(2);
  });

  test("CPU of a misconfigured auto-scaling group: the labelled window raises an alarm", () => {
    const result = evaluateLabelled(loadLabelledSeries("cpu_utilization_asg_misconfiguration.csv", "value"));
    expect(result.detected).toBe(result.windows);
    expect(result.windows).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { exposureTimeline, type TimelineExposure, variationsAt } from "./exposure-timeline.js";

const x = (
  minute: number,
  flag: string,
  variation: string,
  extra: Partial<TimelineExposure> = {},
): TimelineExposure => ({
  ts: new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString(),
  environment: "production",
  flag,
  variation,
  ruleId: "r1",
  experiment: null,
  release: "a1",
  ...extra,
});

describe("the exposure timeline", () => {
  const exposures = [
    x(0, "checkout", "off"),
    x(1, "banner", "blue"),
    x(2, "checkout", "off"),
    x(3, "checkout", "on", { ruleId: "r2" }),
    x(4, "checkout", "on", { ruleId: "r2", release: "b2" }),
    x(5, "checkout", "on", { ruleId: "r2", environment: "staging" }),
  ];
  const timeline = exposureTimeline(exposures);

  it("merges consecutive exposures of one variation, rule and release into one stretch per environment and flag", () => {
    expect(
      timeline.map((s) => [s.environment, s.flag, s.variation, s.release, s.exposures, s.endedAt !== null]),
    ).toEqual([
      ["staging", "checkout", "on", "a1", 1, false],
      ["production", "checkout", "on", "b2", 1, false],
      ["production", "checkout", "on", "a1", 1, true],
      ["production", "banner", "blue", "a1", 1, false],
      ["production", "checkout", "off", "a1", 2, true],
    ]);
    const off = timeline.at(-1);
    expect([off?.startedAt, off?.lastSeenAt, off?.endedAt]).toEqual([
      x(0, "", "").ts,
      x(2, "", "").ts,
      x(3, "", "").ts,
    ]);
  });

  it("answers what was served at a moment: stretches that had started and not yet ended", () => {
    expect(variationsAt(timeline, "production", Date.UTC(2026, 2, 1, 0, 2, 30))).toEqual({
      checkout: "off",
      banner: "blue",
    });
    expect(variationsAt(timeline, "production", Date.UTC(2026, 2, 1, 0, 3))).toEqual({
      checkout: "on",
      banner: "blue",
    });
    expect(variationsAt(timeline, "production", Date.UTC(2025, 0, 1))).toEqual({});
    expect(variationsAt(timeline, "staging", Date.UTC(2026, 2, 1, 1))).toEqual({ checkout: "on" });
  });
});

import { describe, expect, test } from "vitest";
import { expectRelative } from "../test-data/expect-close.js";
import { SCIPY } from "../test-data/scipy-references.js";
import { binomialLowerTail, binomialUpperTail } from "./binomial-tail.js";
import { describeChange } from "./describe-change.js";
import {
  attributionWindowMs,
  type CandidateCause,
  rankCauses,
  splitEvidence,
  type VariationOutcome,
} from "./rank-causes.js";

const MINUTE = 60_000;

describe("binomial tails (scipy.stats.binom)", () => {
  test.each(SCIPY.binomialTails.map((row) => [...row]))("x %d, n %d, p %d", (x, n, p, cdf, sf) => {
    expectRelative(binomialLowerTail(x, n, p), cdf, 1e-9);
    expectRelative(binomialUpperTail(x, n, p), sf, 1e-9);
  });
});

function outcome(
  variation: string,
  activated: boolean,
  pair: readonly number[],
  before?: readonly number[] | null,
): VariationOutcome {
  const [exposure = 0, value = 0] = pair;
  return before
    ? { variation, activated, exposure, value, before: { exposure: before[0] ?? 0, value: before[1] ?? 0 } }
    : { variation, activated, exposure, value };
}

describe("splitEvidence (scipy.stats.binomtest)", () => {
  test.each(SCIPY.splitEvidence.map((c, i) => [i, c] as const))("case %d", (_, c) => {
    const split = [outcome("on", true, c.on, c.onBefore), outcome("off", false, c.off, c.offBefore)];
    const evidence = splitEvidence(split, c.direction);
    expectRelative(evidence?.expectedShare, c.expectedShare, 1e-12);
    expectRelative(evidence?.relativeDifference, c.relativeDifference, 1e-9);
    expectRelative(evidence?.pValue, c.pValue, 1e-9);
  });

  test("pools the activated and the other variations; null without exposure on a side", () => {
    const evidence = splitEvidence([
      outcome("a", true, [100, 5]),
      outcome("b", true, [100, 5]),
      outcome("off", false, [200, 20]),
    ]);
    expect(evidence?.activated).toEqual(["a", "b"]);
    expect(evidence?.activatedRate).toBe(0.05);
    expect(evidence?.othersRate).toBe(0.1);
    expect(evidence?.observedShare).toBeCloseTo(10 / 30, 12);
    expect(splitEvidence([outcome("on", true, [0, 0]), outcome("off", false, [10, 1])])).toBeNull();
  });
});

describe("rankCauses", () => {
  const onset = 1_000 * MINUTE;
  const harmless = (id: string, leadMinutes: number): CandidateCause => ({
    id,
    time: onset - leadMinutes * MINUTE,
    kind: "flag-activation",
    description: `\`${id}\` activated`,
    split: [outcome("on", true, [1000, 98]), outcome("off", false, [1000, 101])],
  });
  const causal: CandidateCause = {
    id: "new-checkout",
    time: onset - 12 * MINUTE,
    kind: "flag-ramp",
    description: "`new-checkout` ramped to 25% in production",
    split: [outcome("on", true, [250, 8]), outcome("off", false, [750, 75])],
  };

  test("the split's evidence beats proximity; proximity breaks ties; out-of-window candidates are dropped", () => {
    const release: CandidateCause = {
      id: "r1",
      time: onset - 1 * MINUTE,
      kind: "release",
      description: "release 1.2.3",
    };
    const old = harmless("old", 100);
    const ranked = rankCauses(onset, [harmless("near", 1), release, causal, harmless("far", 40), old]);
    expect(ranked.map((r) => r.cause.id)).toEqual(["new-checkout", "r1", "near", "far"]);
    const [best] = ranked;
    expect(best?.leadMs).toBe(12 * MINUTE);
    expect(best?.proximity).toBeCloseTo(Math.exp(-12 / 15), 12);
    // 8/83 of the bookings where a quarter was expected: p = P(Bin(83, 0.25) ≤ 8).
    expectRelative(best?.evidence?.pValue, binomialLowerTail(8, 83, 0.25), 1e-12);
    expect(best?.score).toBeCloseTo(-Math.log10(best?.evidence?.pValue as number) + 2 * Math.exp(-12 / 15), 9);
  });

  test("a split pointing the other way scores no evidence; a surge ranks by the upper tail", () => {
    const ranked = rankCauses(onset, [causal], { direction: "surge" });
    expect(ranked[0]?.score).toBeCloseTo(2 * Math.exp(-12 / 15), 12);
  });

  test("a candidate after the estimated onset is kept within the slack (30 min), its proximity decaying the same way", () => {
    const ranked = rankCauses(onset, [harmless("late", -3), harmless("too-late", -31)]);
    expect(ranked.map((r) => [r.cause.id, r.proximity])).toEqual([["late", Math.exp(-3 / 15)]]);
  });

  test("the causal flag 10 min after an early onset estimate still wins on its split (slack)", () => {
    const late: CandidateCause = { ...causal, time: onset + 10 * MINUTE };
    const ranked = rankCauses(onset, [harmless("near", 0), late]);
    expect(ranked[0]?.cause.id).toBe("new-checkout");
  });

  test("a flag activated after the onset whose split has no units yet gets no evidence, not the no-split benefit", () => {
    const empty: CandidateCause = {
      id: "just-now",
      time: onset + 2 * MINUTE,
      kind: "flag-activation",
      description: "`just-now` activated",
      split: [outcome("on", true, [0, 0]), outcome("off", false, [0, 0])],
    };
    const weak: CandidateCause = {
      ...causal,
      id: "weak",
      time: onset - 1 * MINUTE,
      split: [outcome("on", true, [500, 40]), outcome("off", false, [500, 50])],
    };
    const ranked = rankCauses(onset, [empty, weak]);
    expect(ranked.map((r) => r.cause.id)).toEqual(["weak", "just-now"]);
    expect(ranked[1]?.score).toBeCloseTo(2 * Math.exp(-2 / 15), 12);
  });

  test("a change detected hours after its onset looks back as far as the detection took", () => {
    const early: CandidateCause = { ...causal, time: onset - 150 * MINUTE };
    expect(rankCauses(onset, [early])).toEqual([]);
    const ranked = rankCauses(onset, [early, harmless("near", 5)], { detectedAt: onset + 250 * MINUTE });
    expect(ranked[0]?.cause.id).toBe("new-checkout");
    expect(attributionWindowMs(onset, { detectedAt: onset + 250 * MINUTE })).toBe(250 * MINUTE);
    expect(attributionWindowMs(onset, { detectedAt: onset + 5 * MINUTE })).toBe(90 * MINUTE);
  });
});

describe("describeChange", () => {
  const onset = Date.UTC(2026, 11, 7, 14, 2);
  const change = { direction: "drop" as const, onset, expectedSum: 1890 * 10, actualSum: 1550 * 10, buckets: 10 };

  test("the issue's sentence", () => {
    const cause = rankCauses(onset, [
      {
        id: "nc",
        time: onset - 3 * MINUTE,
        kind: "flag-ramp",
        description: "`new-checkout` ramped to 25% in production",
        split: [outcome("on", true, [2500, 690]), outcome("off", false, [7500, 3000])],
      },
    ])[0];
    expect(describeChange({ metric: "bookings", change, cause })).toBe(
      "bookings −18% (−340/min vs predicted) since 14:02, 3 min after `new-checkout` ramped to 25% in production; units served `on` convert 31% less than `off`, p < 0.001",
    );
  });

  test("without a cause, in another time zone, and when the split shows nothing", () => {
    expect(describeChange({ metric: "bookings", change, timeZone: "Europe/Amsterdam" })).toBe(
      "bookings −18% (−340/min vs predicted) since 15:02",
    );
    const cause = rankCauses(onset, [
      {
        id: "x",
        time: onset,
        kind: "flag-activation",
        description: "`x` activated",
        split: [outcome("on", true, [1000, 100]), outcome("off", false, [1000, 101])],
      },
    ])[0];
    expect(describeChange({ metric: "bookings", change, cause })).toMatch(
      /right as `x` activated; no clear difference between `on` and `off`, p = 0\.\d+$/,
    );
    expect(describeChange({ metric: "bookings", change: { ...change, direction: "zero", actualSum: 0 } })).toBe(
      "bookings gone to zero (−1890/min vs predicted) since 14:02",
    );
  });
});

import type { VariationResult } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { guardrailVerdict, variationVerdict } from "./verdict.js";

const row = (relative: number | null, significant: boolean, extra: Partial<VariationResult> = {}): VariationResult => ({
  variation: "on",
  units: 1000,
  value: 0.2,
  change:
    relative === null
      ? null
      : {
          absolute: relative / 10,
          relative,
          ciLow: relative - 0.1,
          ciHigh: relative + 0.1,
          absoluteCiLow: 0,
          absoluteCiHigh: 0,
        },
  pValue: significant ? 0.001 : 0.4,
  chanceToWin: null,
  significant,
  ...extra,
});

describe("variation verdicts", () => {
  it("says better or worse from the metric's direction, not from the sign alone", () => {
    expect(variationVerdict(row(0.1, true), "higher")).toEqual({ tone: "better", glyph: "▲", word: "better" });
    expect(variationVerdict(row(0.1, true), "lower")).toEqual({ tone: "worse", glyph: "▼", word: "worse" });
    expect(variationVerdict(row(-0.1, true), "lower").word).toBe("better");
  });

  it("calls a change that is not significant inconclusive, and tells the control and missing data apart", () => {
    expect(variationVerdict(row(0.3, false), "higher")).toEqual({
      tone: "inconclusive",
      glyph: "–",
      word: "inconclusive",
    });
    expect(variationVerdict(row(null, false), "higher").word).toBe("control");
    const thin = row(null, false, {
      notEnoughData: { reason: "few-units", message: "2 units", units: { control: 1, treatment: 1 } },
    });
    expect(variationVerdict(thin, "higher")).toMatchObject({ tone: "no-data", word: "not enough data" });
  });

  it("gives every guardrail verdict a glyph and a word as well as a tone", () => {
    for (const verdict of ["breached", "at-risk", "ok", "not-enough-data"] as const) {
      const v = guardrailVerdict(verdict);
      expect(v.glyph).not.toBe("");
      expect(v.label).toBe(`${v.glyph} ${v.word}`);
    }
    expect(guardrailVerdict("breached").tone).toBe("worse");
  });
});

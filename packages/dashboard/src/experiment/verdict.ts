import type { GuardrailVerdict, VariationResult } from "@switchboard/core";

/** How one cell reads: a tone for the colour, and a glyph and a word for readers who cannot tell the colours apart. */
export interface Verdict {
  tone: "better" | "worse" | "inconclusive" | "control" | "no-data";
  glyph: string;
  word: string;
}

/** A treatment's verdict: significant in the good direction is better, in the bad one worse; else inconclusive. */
export function variationVerdict(result: VariationResult, direction: "higher" | "lower"): Verdict {
  if (result.notEnoughData !== undefined) return { tone: "no-data", glyph: "…", word: "not enough data" };
  if (result.change === null) return { tone: "control", glyph: "●", word: "control" };
  if (!result.significant || result.change.relative === 0)
    return { tone: "inconclusive", glyph: "–", word: "inconclusive" };
  const up = result.change.relative > 0;
  return up === (direction === "higher")
    ? { tone: "better", glyph: "▲", word: "better" }
    : { tone: "worse", glyph: "▼", word: "worse" };
}

/** A guardrail's verdict in the same vocabulary: breached reads as worse, at risk as a warning. */
export function guardrailVerdict(verdict: GuardrailVerdict["verdict"]): Verdict & { label: string } {
  switch (verdict) {
    case "breached":
      return { tone: "worse", glyph: "✖", word: "breached", label: "✖ breached" };
    case "at-risk":
      return { tone: "inconclusive", glyph: "!", word: "at risk", label: "! at risk" };
    case "ok":
      return { tone: "better", glyph: "✓", word: "ok", label: "✓ ok" };
    case "not-enough-data":
      return { tone: "no-data", glyph: "…", word: "not enough data", label: "… not enough data" };
  }
}

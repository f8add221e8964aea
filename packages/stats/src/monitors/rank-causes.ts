import { binomialLowerTail, binomialUpperTail } from "./binomial-tail.js";

/** What kind of change a marker records; free text beyond the known kinds. */
export type CauseKind =
  | "flag-activation"
  | "flag-ramp"
  | "flag-kill"
  | "schedule-run"
  | "release"
  | "pool-switch"
  | (string & {});

/** The monitored metric among the units served one variation (or one pool), since the onset. */
export interface VariationOutcome {
  readonly variation: string;
  /** True for what the change started serving or served more of: the activated variation, the new pool. */
  readonly activated: boolean;
  /** Units (or requests, sessions) served this variation since the onset: the metric is a rate per exposure. */
  readonly exposure: number;
  /** The monitored metric's count among them since the onset (e.g. bookings). Rounded to an integer. */
  readonly value: number;
  /** The same over a window before the onset (optional): a difference that was already there is not evidence. */
  readonly before?: { readonly exposure: number; readonly value: number };
}

/** One marker that may explain the change: a flag activation or ramp, a kill, a schedule run, a release, a pool switch. */
export interface CandidateCause {
  readonly id: string;
  /** When it took effect, in the same unit as the onset (epoch ms). */
  readonly time: number;
  readonly kind: CauseKind;
  /** Completes "3 min after …", e.g. "`new-checkout` ramped to 25% in production". */
  readonly description: string;
  /** The metric split by this change's variations or pools; without it only time proximity ranks the candidate. */
  readonly split?: readonly VariationOutcome[];
}

export interface AttributionOptions {
  /** Which way the metric moved (default `drop`; `zero` is treated as a drop). */
  readonly direction?: "drop" | "surge" | "zero";
  /** How far before the onset a candidate may be (default 90 min). */
  readonly windowMs?: number;
  /**
   * How far after the estimated onset a candidate may still be, for the onset's own uncertainty (default 30 min: a
   * small drop's onset is only known to within tens of minutes; a candidate there needs its split to win).
   */
  readonly slackMs?: number;
  /** Time scale of the proximity weight exp(−|gap|/scale) (default 15 min). */
  readonly proximityScaleMs?: number;
  /**
   * When the change was detected (same unit as the onset). A change that took longer than `windowMs` to detect has
   * an onset uncertain by about as long, so the window reaches back detectedAt − onset instead.
   */
  readonly detectedAt?: number;
}

export const DEFAULT_ATTRIBUTION_OPTIONS: Required<Omit<AttributionOptions, "detectedAt">> = {
  direction: "drop",
  windowMs: 90 * 60_000,
  slackMs: 30 * 60_000,
  proximityScaleMs: 15 * 60_000,
};

/** Does the change concentrate in the activated variation? Everything a sentence about it needs. */
export interface CauseEvidence {
  readonly activated: readonly string[];
  readonly others: readonly string[];
  /** Metric per exposure since the onset, activated variations pooled, and the others pooled. */
  readonly activatedRate: number;
  readonly othersRate: number;
  /** activatedRate/othersRate − 1, divided by the same ratio before the onset when given (−0.31 = "31% less"). */
  readonly relativeDifference: number;
  /** Share of the metric the activated variations would have had with no difference, and the share they had. */
  readonly expectedShare: number;
  readonly observedShare: number;
  /** One-sided exact conditional test (Poisson rates compared through Binomial(n, expectedShare)). */
  readonly pValue: number;
}

export interface RankedCause {
  readonly cause: CandidateCause;
  /** Higher is more likely: evidence (−log₁₀ p, up to 10, when the split points the right way) + 2·proximity. */
  readonly score: number;
  /** onset − cause time in ms (negative when the cause came slightly after the estimated onset). */
  readonly leadMs: number;
  /** exp(−|lead|/scale), in (0, 1]. */
  readonly proximity: number;
  /** Null when the candidate has no usable split (no exposure on either side). */
  readonly evidence: CauseEvidence | null;
}

const MAX_EVIDENCE = 10;
const PROXIMITY_WEIGHT = 2;
/** A candidate without a split ranks as if its split had p = 0.1: above a split that clears it, below one that convicts. */
const NO_SPLIT_EVIDENCE = 1;
/**
 * A split that was measured but has no units on one side since the onset (e.g. a flag activated after the onset,
 * before the alarm) has not shown anything: it gets no evidence, rather than the benefit of the doubt a change
 * without any split gets.
 */
const EMPTY_SPLIT_EVIDENCE = 0;

/**
 * Tests whether a change in the metric concentrates in the activated variations. With x = the activated
 * variations' count and n the total since the onset, under "no per-variation effect" x ~ Binomial(n, p₀) with p₀
 * = their exposure share (weighted by the pre-onset rate ratio r when `before` is given: p₀ = e₁r/(e₁r + e₀)). For a
 * drop p = P(X ≤ x), for a surge P(X ≥ x): the conditional test of two Poisson rates (Przyborowski & Wileński 1940;
 * the exact test of scipy's `poisson_means_test` family). Null without exposure on both sides.
 * @example splitEvidence([{variation:"on",activated:true,exposure:1000,value:69},{variation:"off",activated:false,exposure:1000,value:100}]).relativeDifference // −0.31
 */
export function splitEvidence(
  split: readonly VariationOutcome[],
  direction: "drop" | "surge" = "drop",
): CauseEvidence | null {
  const on = split.filter((v) => v.activated);
  const off = split.filter((v) => !v.activated);
  const e1 = sum(on.map((v) => v.exposure));
  const e0 = sum(off.map((v) => v.exposure));
  if (!(e1 > 0) || !(e0 > 0)) return null;
  const x1 = sum(on.map((v) => Math.max(0, Math.round(v.value))));
  const x0 = sum(off.map((v) => Math.max(0, Math.round(v.value))));
  const before1 = on.every((v) => v.before) ? pooled(on) : null;
  const before0 = off.every((v) => v.before) ? pooled(off) : null;
  // Pre-onset rate ratio, only when both sides had exposure and events before (else it says nothing).
  const preRatio =
    before1 && before0 && before1.exposure > 0 && before0.exposure > 0 && before1.value > 0 && before0.value > 0
      ? before1.value / before1.exposure / (before0.value / before0.exposure)
      : 1;
  const expectedShare = (e1 * preRatio) / (e1 * preRatio + e0);
  const n = x1 + x0;
  const activatedRate = x1 / e1;
  const othersRate = x0 / e0;
  const relativeDifference =
    othersRate > 0 ? activatedRate / othersRate / preRatio - 1 : activatedRate > 0 ? Number.POSITIVE_INFINITY : 0;
  const pValue =
    n === 0
      ? 1
      : direction === "drop"
        ? binomialLowerTail(x1, n, expectedShare)
        : binomialUpperTail(x1, n, expectedShare);
  return {
    activated: on.map((v) => v.variation),
    others: off.map((v) => v.variation),
    activatedRate,
    othersRate,
    relativeDifference,
    expectedShare,
    observedShare: n === 0 ? expectedShare : x1 / n,
    pValue,
  };
}

function pooled(variations: readonly VariationOutcome[]): { exposure: number; value: number } {
  return {
    exposure: sum(variations.map((v) => v.before?.exposure ?? 0)),
    value: sum(variations.map((v) => v.before?.value ?? 0)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, x) => total + (Number.isFinite(x) ? x : 0), 0);
}

/**
 * Ranks the candidate causes of a change that started at `onset`: those from `windowMs` before it to `slackMs`
 * after it, by score = evidence + 2·proximity, best first (ties: the closer one). Evidence is min(10, −log₁₀ p) of
 * `splitEvidence` when the split moved the way the metric did, 0 when it moved the other way or not at all or has
 * no units on a side, and 1 for a candidate without a split. So a split that convicts (p < 0.01) outranks any amount of proximity, and
 * proximity decides between candidates the data cannot tell apart.
 */
export function rankCauses(
  onset: number,
  candidates: readonly CandidateCause[],
  options: AttributionOptions = {},
): RankedCause[] {
  const o = { ...DEFAULT_ATTRIBUTION_OPTIONS, ...options };
  const direction = o.direction === "surge" ? "surge" : "drop";
  const windowMs = attributionWindowMs(onset, options);
  const ranked: RankedCause[] = [];
  for (const cause of candidates) {
    const leadMs = onset - cause.time;
    if (leadMs > windowMs || leadMs < -o.slackMs) continue;
    // Symmetric: a change after the estimated onset is only there for the onset's uncertainty, and the further after
    // it the less likely it started the drop.
    const proximity = Math.exp(-Math.abs(leadMs) / o.proximityScaleMs);
    const evidence = cause.split ? splitEvidence(cause.split, direction) : null;
    const movedTheRightWay =
      evidence !== null && (direction === "drop" ? evidence.relativeDifference < 0 : evidence.relativeDifference > 0);
    const evidenceScore =
      evidence === null
        ? cause.split === undefined
          ? NO_SPLIT_EVIDENCE
          : EMPTY_SPLIT_EVIDENCE
        : movedTheRightWay
          ? Math.min(MAX_EVIDENCE, -Math.log10(Math.max(evidence.pValue, 1e-300)))
          : 0;
    ranked.push({ cause, score: evidenceScore + PROXIMITY_WEIGHT * proximity, leadMs, proximity, evidence });
  }
  return ranked.sort((a, b) => b.score - a.score || Math.abs(a.leadMs) - Math.abs(b.leadMs));
}

/** How far before the onset candidates are looked for: `windowMs`, or detectedAt − onset when detection took longer. */
export function attributionWindowMs(onset: number, options: AttributionOptions = {}): number {
  const windowMs = options.windowMs ?? DEFAULT_ATTRIBUTION_OPTIONS.windowMs;
  return options.detectedAt !== undefined && Number.isFinite(options.detectedAt)
    ? Math.max(windowMs, options.detectedAt - onset)
    : windowMs;
}

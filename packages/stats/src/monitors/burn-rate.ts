/** One multi-window burn-rate rule: alert when both the long and the short window burn at least `factor`. */
export interface BurnRatePair {
  readonly severity: "page" | "ticket";
  readonly factor: number;
  readonly longMs: number;
  readonly shortMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The SRE workbook's pairs for a 30-day-style budget (Beyer et al., "The Site Reliability Workbook", ch. 5,
 * "Alerting on SLOs", multiwindow multi-burn-rate alerts): 14.4× over 1 h and 5 min (2% of the budget in an hour),
 * 6× over 6 h and 30 min (5% in six hours), 1× over 3 days and 6 h (10% in three days).
 */
export const SRE_BURN_RATE_PAIRS: readonly BurnRatePair[] = [
  { severity: "page", factor: 14.4, longMs: HOUR, shortMs: 5 * MINUTE },
  { severity: "page", factor: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE },
  { severity: "ticket", factor: 1, longMs: 72 * HOUR, shortMs: 6 * HOUR },
];

export interface BurnRateInput {
  readonly predicted: readonly (number | null)[];
  readonly actual: readonly (number | null)[];
  readonly bucketMs: number;
  /** The budget's allowed shortfall fraction (e.g. 0.005). */
  readonly allowedShortfall: number;
  /** Evaluate with the windows ending just before this bucket index (default: the end of the series). */
  readonly end?: number;
  readonly pairs?: readonly BurnRatePair[];
}

export interface BurnRatePairResult extends BurnRatePair {
  readonly longBurnRate: number;
  readonly shortBurnRate: number;
  readonly firing: boolean;
}

export interface BurnRateEvaluation {
  readonly pairs: readonly BurnRatePairResult[];
  /** The most severe firing rule, or null. */
  readonly firing: "page" | "ticket" | null;
}

/**
 * Burn rate over the `windowBuckets` buckets before `end`: (max(0, Σ(predicted − actual)) / Σ predicted) /
 * allowedShortfall. The shortfall is netted inside the window so Poisson noise cancels instead of piling up;
 * 0 when the window holds no prediction.
 */
export function burnRate(input: BurnRateInput, windowBuckets: number): number {
  const end = Math.min(input.end ?? input.predicted.length, input.predicted.length, input.actual.length);
  let predictedSum = 0;
  let shortfall = 0;
  for (let i = Math.max(0, end - Math.max(1, Math.round(windowBuckets))); i < end; i++) {
    const p = input.predicted[i];
    const a = input.actual[i];
    if (p === null || a === null || p === undefined || a === undefined || !Number.isFinite(p) || !Number.isFinite(a))
      continue;
    predictedSum += p;
    shortfall += p - a;
  }
  if (predictedSum <= 0 || input.allowedShortfall <= 0) return 0;
  return Math.max(0, shortfall) / predictedSum / input.allowedShortfall;
}

/** Evaluates the multi-window pairs (default `SRE_BURN_RATE_PAIRS`) at `end`. */
export function evaluateBurnRates(input: BurnRateInput): BurnRateEvaluation {
  const pairs = (input.pairs ?? SRE_BURN_RATE_PAIRS).map((pair) => {
    const longBurnRate = burnRate(input, pair.longMs / input.bucketMs);
    const shortBurnRate = burnRate(input, pair.shortMs / input.bucketMs);
    return {
      ...pair,
      longBurnRate,
      shortBurnRate,
      firing: longBurnRate >= pair.factor && shortBurnRate >= pair.factor,
    };
  });
  const firing = pairs.some((p) => p.firing && p.severity === "page")
    ? "page"
    : pairs.some((p) => p.firing)
      ? "ticket"
      : null;
  return { pairs, firing };
}

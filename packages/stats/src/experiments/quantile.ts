import { normalQuantile } from "../normal-quantile.js";
import { type ArmEstimate, plainArm, sampleCovariance } from "./sufficient-statistics.js";

/**
 * What the store returns per variation for a quantile metric. The quantile is taken over `events` values (per
 * event, or one value per unit for a unit-level quantile); the bounds are the order statistics at the ranks
 * `quantileRanks(events, quantileLevel, boundsConfidenceLevel)` gives; the `below*` sums describe, per unit i,
 * S_i = its events with a value ≤ `estimate` and N_i = its events, so the variance can account for several
 * (correlated) events per unit.
 */
export interface QuantileSums {
  /** Units K with at least one event. */
  readonly units: number;
  /** Values n the quantile is taken over; Σ N_i. */
  readonly events: number;
  /** ν, e.g. 0.95 for p95. */
  readonly quantileLevel: number;
  /** The sample quantile Ŷ: the order statistic at rank ⌈nν⌉. */
  readonly estimate: number;
  /** The order statistics at the lower and upper rank of `quantileRanks`. */
  readonly lowerBound: number;
  readonly upperBound: number;
  /** The level the ranks were computed at (default 0.95). */
  readonly boundsConfidenceLevel?: number;
  /** Σ S_i, Σ S_i², Σ N_i², Σ S_i·N_i over units; leave out for one value per unit (no clustering). */
  readonly clusters?: {
    readonly belowSum: number;
    readonly belowSumSquares: number;
    readonly eventsSumSquares: number;
    readonly belowEventsSum: number;
  };
}

/** 1-based ranks of the sample quantile and of its confidence bounds among n sorted values. */
export interface QuantileRanks {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The ranks the store reads: ⌈nν⌉ for the estimate and n(ν ∓ z·√(ν(1−ν)/n)) for the bounds (floored and ceiled,
 * kept within 1…n), z = Φ⁻¹(1 − (1 − level)/2): the distribution-free order-statistic interval of a quantile.
 * @example quantileRanks(1000, 0.5) // { estimate: 500, lower: 469, upper: 532 }
 */
export function quantileRanks(events: number, quantileLevel: number, confidenceLevel = 0.95): QuantileRanks {
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const spread = z * Math.sqrt((quantileLevel * (1 - quantileLevel)) / events);
  const clamp = (rank: number) => Math.min(events, Math.max(1, rank));
  return {
    estimate: clamp(Math.ceil(events * quantileLevel)),
    lower: clamp(Math.floor(events * (quantileLevel - spread))),
    upper: clamp(Math.ceil(events * (quantileLevel + spread))),
  };
}

/**
 * The variance of a sample quantile with clustered events, after Deng, Knoblich & Lu ("Applying the delta method
 * in metric analytics", KDD 2018, §4.3), the method of GrowthBook's quantile test: the iid variance is read off the
 * order-statistic interval, σ²_iid = ((Y_U − Y_L)/(2z))², which avoids estimating a density; it is then scaled by
 * Var_c(Ī)/Var_iid(Ī), where Ī = ΣS/ΣN is the share of events at or below Ŷ, Var_iid(Ī) = Ī(1 − Ī)/n and
 * Var_c(Ī) = [Var(S) − 2(S̄/N̄)Cov(S, N) + (S̄/N̄)²Var(N)]/(K·N̄²) is its delta-method variance as a ratio of
 * per-unit means. Returned as an arm whose estimate is Ŷ and Var(estimate) = variance/units.
 */
export function quantileArm(sums: QuantileSums): ArmEstimate {
  const z = normalQuantile(1 - (1 - (sums.boundsConfidenceLevel ?? 0.95)) / 2);
  const iidVariance = ((sums.upperBound - sums.lowerBound) / (2 * z)) ** 2;
  const variance = iidVariance * clusterFactor(sums);
  return plainArm(sums.units, sums.estimate, variance * sums.units);
}

function clusterFactor(sums: QuantileSums): number {
  const c = sums.clusters;
  const k = sums.units;
  if (!c || k < 2) return 1;
  const n = sums.events;
  const share = c.belowSum / n;
  const iid = (share * (1 - share)) / n;
  if (!(iid > 0)) return 1;
  const varS = sampleCovariance(k, c.belowSum, c.belowSum, c.belowSumSquares);
  const varN = sampleCovariance(k, n, n, c.eventsSumSquares);
  const covSN = sampleCovariance(k, c.belowSum, n, c.belowEventsSum);
  const meanN = n / k;
  const clustered = (varS - 2 * share * covSN + share * share * varN) / (k * meanN * meanN);
  return Math.max(0, clustered) / iid;
}

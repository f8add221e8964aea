import { normalCdf } from "../normal-cdf.js";
import { normalQuantile } from "../normal-quantile.js";
import type { Effect } from "./effect.js";

/** A normal prior on the effect (relative lift, or absolute difference): mean and variance. */
export interface GaussianPrior {
  readonly mean: number;
  readonly variance: number;
}

/** GrowthBook's "proper prior" when one is asked for: N(0, 0.3²) on the relative lift. */
export const WEAKLY_INFORMATIVE_PRIOR: GaussianPrior = { mean: 0, variance: 0.3 ** 2 };

/** Which way is better for the metric: a conversion rate wants higher, latency lower. */
export type MetricDirection = "higher" | "lower";

/** Expected loss: what one gives up on average by shipping this arm if the other is in fact better. */
export interface Risk {
  readonly control: number;
  readonly treatment: number;
}

export interface BayesianResult {
  readonly posteriorMean: number;
  readonly posteriorStandardDeviation: number;
  /** P(treatment better than control) under the posterior. */
  readonly chanceToWin: number;
  readonly risk: Risk;
  /** The equal-tailed credible interval at the requested level. */
  readonly ciLow: number;
  readonly ciHigh: number;
}

/**
 * GrowthBook's Gaussian Bayesian approach: the effect's sampling distribution N(Δ̂, se²) is the likelihood; with no
 * prior (flat, improper) the posterior is N(Δ̂, se²); with a prior N(μ₀, σ₀²) it is the precision-weighted normal,
 * precision 1/σ₀² + 1/se², mean (μ₀/σ₀² + Δ̂/se²)/precision. With posterior N(μ, σ²):
 * chance to win = Φ(μ/σ) (Φ(−μ/σ) when lower is better); risk of control = E[max(Δ, 0)] = μΦ(μ/σ) + σφ(μ/σ) and of
 * treatment E[max(−Δ, 0)] = risk of control − μ (mirrored when lower is better); credible interval μ ± z·σ.
 */
export function gaussianPosterior(
  effect: Effect,
  confidenceLevel: number,
  direction: MetricDirection,
  prior?: GaussianPrior,
): BayesianResult {
  const dataPrecision = 1 / effect.standardError ** 2;
  const precision = dataPrecision + (prior ? 1 / prior.variance : 0);
  const mean = ((prior ? prior.mean / prior.variance : 0) + effect.estimate * dataPrecision) / precision;
  const sd = Math.sqrt(1 / precision);
  // Orient so that a positive `gain` is good for the treatment.
  const gain = direction === "higher" ? mean : -mean;
  const lossOfControl = expectedPositivePart(gain, sd);
  const lossOfTreatment = expectedPositivePart(-gain, sd);
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  return {
    posteriorMean: mean,
    posteriorStandardDeviation: sd,
    chanceToWin: normalCdf(gain / sd),
    risk: { control: lossOfControl, treatment: lossOfTreatment },
    ciLow: mean - z * sd,
    ciHigh: mean + z * sd,
  };
}

/** E[max(X, 0)] for X ~ N(μ, σ²): μΦ(μ/σ) + σφ(μ/σ). */
function expectedPositivePart(mu: number, sigma: number): number {
  const z = mu / sigma;
  const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
  return Math.max(0, mu * normalCdf(z) + sigma * density);
}

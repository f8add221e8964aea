/** Per-unit sums of a mean or proportion metric over one variation, with the pre-exposure covariate for CUPED. */
export interface MeanTotals {
  units: number;
  sum: number;
  sumSquares: number;
  covariateSum: number;
  covariateSumSquares: number;
  valueCovariateSum: number;
}

/** Per-unit sums of a ratio's numerator and denominator over one variation (for the delta method). */
export interface RatioTotals {
  units: number;
  numeratorSum: number;
  numeratorSumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  numeratorDenominatorSum: number;
}

/**
 * A ratio's pre-exposure numerator M' and denominator D' per unit (over the CUPED lookback), with their cross
 * products against this period's M and D.
 */
export interface RatioCovariateTotals {
  preNumeratorSum: number;
  preNumeratorSumSquares: number;
  preDenominatorSum: number;
  preDenominatorSumSquares: number;
  /** Σ M'·D'. */
  preNumeratorPreDenominatorSum: number;
  /** Σ M·M'. */
  numeratorPreNumeratorSum: number;
  /** Σ D·D'. */
  denominatorPreDenominatorSum: number;
  /** Σ M·D'. */
  numeratorPreDenominatorSum: number;
  /** Σ D·M'. */
  denominatorPreNumeratorSum: number;
}

/**
 * A quantile over one variation's events: the estimate, values at ranks around it, and (as a ratio per unit) the
 * events at or below the estimate over all events, whose delta-method variance gives the rank's interval when
 * units have several events.
 */
export interface QuantileTotals extends RatioTotals {
  /** Null when the variation has no matching event. */
  quantile: number | null;
  events: number;
  /** Units with at least one matching event. */
  eventUnits: number;
  /** Values at ranks around the level (ascending ranks), to map a rank interval back to values. */
  grid: { rank: number; value: number }[];
}

/** The sufficient statistics of one metric over one variation. */
export type MetricTotals =
  | ({ kind: "proportion" | "mean" } & MeanTotals)
  | ({ kind: "ratio" } & RatioTotals & RatioCovariateTotals)
  | ({ kind: "quantile" } & QuantileTotals);

/** One variation's exposed units and its statistics per metric key. */
export interface VariationTotals {
  variation: string;
  units: number;
  metrics: Record<string, MetricTotals>;
}

/** What the unit-level aggregation of an experiment answers. */
export interface ExperimentMetricTotals {
  /** In the order asked for; a variation without units is there with zeros. */
  variations: VariationTotals[];
  /** Units exposed to more than one variation in the window: counted here, left out of every variation. */
  multipleExposureUnits: number;
}

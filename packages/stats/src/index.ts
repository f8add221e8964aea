/**
 * @switchboard/stats: statistics and forecasting for experiment results and monitors. Pure functions of their
 * inputs: no I/O, no clock, no randomness, no Node-only APIs, so results computed on the server and in a browser agree.
 */

// Distributions.
export { chiSquareSurvival } from "./distributions/chi-square.js";
export { regularizedIncompleteBeta } from "./distributions/incomplete-beta.js";
export { regularizedUpperIncompleteGamma } from "./distributions/incomplete-gamma.js";
export { logBeta, logGamma } from "./distributions/log-gamma.js";
export { studentTCdf, studentTDensity, studentTQuantile } from "./distributions/student-t.js";
// Experiments: the entry point the results service calls, then the building blocks.
export {
  type BayesianResult,
  type GaussianPrior,
  gaussianPosterior,
  type MetricDirection,
  type Risk,
  WEAKLY_INFORMATIVE_PRIOR,
} from "./experiments/bayesian.js";
export {
  type AnalysisMethod,
  type ArmValue,
  type Comparison,
  type ComparisonEstimate,
  type ComparisonInput,
  type ComparisonWithoutEstimate,
  compareVariations,
  type MetricKind,
} from "./experiments/compare-variations.js";
export { DEFAULT_CONFIDENCE_LEVEL } from "./experiments/confidence-level.js";
export { type CupedKind, type CupedSums, cupedArm, cupedTheta, cupedVarianceReduction } from "./experiments/cuped.js";
export {
  type CupedRatioSums,
  cupedRatioArm,
  cupedRatioTheta,
  type RatioCovariateSums,
} from "./experiments/cuped-ratio.js";
export { type Difference, type Effect, estimateEffect, welchDegreesOfFreedom } from "./experiments/effect.js";
export { type FixedHorizonResult, fixedHorizonTest, type ReferenceDistribution } from "./experiments/frequentist.js";
export { adjustedInterval, adjustPValues, type CorrectionMethod } from "./experiments/multiple-comparisons.js";
export type { NotEnoughData, NotEnoughDataReason } from "./experiments/not-enough-data.js";
export {
  type DaysUntilDetectable,
  DEFAULT_POWER,
  daysUntilDetectable,
  type MinimumDetectableEffect,
  minimumDetectableEffect,
} from "./experiments/power.js";
export { type QuantileRanks, type QuantileSums, quantileArm, quantileRanks } from "./experiments/quantile.js";
export {
  type SampleRatioMismatch,
  type SplitObservation,
  SRM_P_VALUE_THRESHOLD,
  sampleRatioMismatch,
} from "./experiments/sample-ratio-mismatch.js";
export { DEFAULT_SEQUENTIAL_TUNING, sequentialTest } from "./experiments/sequential.js";
export {
  type ArmEstimate,
  type CovariateSums,
  type MeanSums,
  meanArm,
  plainArm,
  proportionArm,
  type RatioSums,
  ratioArm,
} from "./experiments/sufficient-statistics.js";
// Monitors: prediction, change detection, attribution and the error budget.
export { binomialLowerTail, binomialUpperTail } from "./monitors/binomial-tail.js";
export {
  type BurnRateEvaluation,
  type BurnRateInput,
  type BurnRatePair,
  type BurnRatePairResult,
  burnRate,
  evaluateBurnRates,
  SRE_BURN_RATE_PAIRS,
} from "./monitors/burn-rate.js";
export {
  type ChangeWatchOptions,
  DEFAULT_CHANGE_WATCH,
  stepWatches,
  type Watch,
  type WatchAlarm,
  type WatchedChange,
  type WatchedStart,
} from "./monitors/change-watch.js";
export { type ChangeSummaryInput, describeChange } from "./monitors/describe-change.js";
export {
  anscombeMean,
  type ChangeDirection,
  type ChangeEvent,
  type CusumMember,
  DEFAULT_CUSUM_BANK,
  DEFAULT_DETECTOR_OPTIONS,
  type DetectorObservation,
  type DetectorOptions,
  type DetectorState,
  type DetectorStep,
  detectChanges,
  INITIAL_DETECTOR_STATE,
  type Increment,
  MAX_EXCURSION,
  OVERSHOOT,
  resetDetector,
  type SideState,
  stepDetector,
} from "./monitors/detect-changes.js";
export {
  type BudgetIncident,
  type CauseSpend,
  type ErrorBudget,
  type ErrorBudgetInput,
  errorBudget,
  type IncidentSpend,
  type SpendMode,
} from "./monitors/error-budget.js";
export { observationsOf } from "./monitors/observations.js";
export {
  type PredictedBucket,
  type PredictionBasis,
  type PredictionOptions,
  predictSeries,
  type SeriesKind,
  type SeriesPrediction,
} from "./monitors/predict-series.js";
export {
  type AttributionOptions,
  attributionWindowMs,
  type CandidateCause,
  type CauseEvidence,
  type CauseKind,
  DEFAULT_ATTRIBUTION_OPTIONS,
  type RankedCause,
  rankCauses,
  splitEvidence,
  type VariationOutcome,
} from "./monitors/rank-causes.js";
export { robustCenter, type SeasonalCombine } from "./monitors/robust-center.js";
export {
  DEFAULT_SUB_BUCKET_OPTIONS,
  FINEST_PARTS,
  groupCounts,
  type SubBucketOptions,
  splitMinute,
  stepMinute,
  subBucketsOf,
} from "./monitors/sub-buckets.js";
// Basics.
export { normalCdf } from "./normal-cdf.js";
export { normalQuantile } from "./normal-quantile.js";
export {
  addObservation,
  EMPTY_MOMENTS,
  type Moments,
  mergeMoments,
  momentsOf,
  populationVariance,
  sampleStandardDeviation,
  sampleVariance,
} from "./running-moments.js";

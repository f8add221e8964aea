/**
 * Reference values published by others, each with its source. GrowthBook's gbstats tests round to 5 decimals, so
 * these are checked to the rounding (|error| ≤ 5e-6 plus float noise) unless a test says otherwise. Collected in
 * /work/shared/references/round2-anchors.md §1.3 (numbers there in bold were re-derived with scipy 1.17).
 */

const GB_FREQUENTIST = "growthbook/growthbook packages/stats/tests/frequentist/test_tests.py";
const GB_BAYESIAN = "growthbook/growthbook packages/stats/tests/bayesian/test_tests.py";
const GB_SHARED = "growthbook/growthbook packages/shared/test/experiments.test.ts";

const A = { units: 3407, sum: 1396.87, sumSquares: 52377.9767 };
const B = { units: 3461, sum: 2422.7, sumSquares: 134698.29 };
const A3000 = { units: 3000, sum: 1396.87, sumSquares: 52377.9767 };

export const PUBLISHED = {
  welchRelative: {
    source: `${GB_FREQUENTIST}::test_two_sided_ttest (anchors §1.3 #1)`,
    control: A,
    treatment: B,
    relative: 0.70732,
    se: 0.37879,
    ciLow: -0.03526,
    ciHigh: 1.44989,
    pValue: 0.06191,
  },
  welchAbsolute: {
    source: `${GB_FREQUENTIST}::test_two_sided_ttest_absolute (#2)`,
    control: A,
    treatment: B,
    absolute: 0.29,
    se: 0.12478,
    ciLow: 0.04538,
    ciHigh: 0.53462,
    pValue: 0.02016,
  },
  // GrowthBook tests proportions with Welch's t on p(1 − p) variances: checked through `fixedHorizonTest` with
  // "student-t"; `compareVariations` uses the z test (normal) for proportions.
  proportionRelativeWelch: {
    source: `${GB_FREQUENTIST}::test_two_sided_ttest_binom (#3)`,
    control: { units: 28, sum: 14 },
    treatment: { units: 30, sum: 16 },
    relative: 0.06667,
    se: 0.2717,
    ciLow: -0.47767,
    ciHigh: 0.61101,
    pValue: 0.80707,
  },
  sequential: {
    source: `${GB_FREQUENTIST}::test_sequential_test_runs (#4), tuning 1000`,
    control: A3000,
    treatment: B,
    tuning: 1000,
    relative: 0.50336,
    se: 0.33341,
    ciLow: -0.55844,
    ciHigh: 1.56516,
    pValue: 1,
  },
  sequentialProportion: {
    source: `${GB_FREQUENTIST}::test_sequential_test_runs_prop (#5), default tuning 5000`,
    control: { units: 3000, sum: 1396 },
    treatment: { units: 3461, sum: 2422 },
    relative: 0.50386,
    se: 0.03386,
    ciLow: 0.40098,
    ciHigh: 0.60675,
    pValue: 0,
  },
  // CUPED: GrowthBook's relative variance uses the unadjusted treatment mean in the control's gradient; the full
  // delta method here differs from it in the 5th decimal of the interval (1.3e-5), so this one is checked to 1e-4.
  sequentialCuped: {
    source: `${GB_FREQUENTIST}::test_sequential_test_runs_ra (#6), default tuning 5000, θ pooled`,
    control: { ...A3000, covariateSum: 16.87, covariateSumSquares: 527.9767, valueCovariateSum: 1 },
    treatment: { ...B, covariateSum: 22.7, covariateSumSquares: 1348.29, valueCovariateSum: 1 },
    relative: 0.50338,
    se: 0.33341,
    ciLow: -0.50969,
    ciHigh: 1.51646,
    pValue: 1,
  },
  bayesianFlat: {
    source: `${GB_BAYESIAN}::TestNorm (#8), flat prior`,
    control: { units: 10, sum: 100, sumSquares: 1002.25 },
    treatment: { units: 10, sum: 105, sumSquares: 1111.5 },
    relative: 0.05,
    sd: 0.03572,
    chanceToWin: 0.91923,
    ciLow: -0.02,
    ciHigh: 0.12,
    risk: [0.05131, 0.00131],
  },
  bayesianPrior: {
    source: `${GB_BAYESIAN}::TestNorm (#9), proper prior N(0.1, variance 0.1)`,
    control: { units: 10, sum: 100, sumSquares: 1002.25 },
    treatment: { units: 10, sum: 105, sumSquares: 1111.5 },
    prior: { mean: 0.1, variance: 0.1 },
    mean: 0.05063,
    sd: 0.03549,
    chanceToWin: 0.92315,
    ciLow: -0.01893,
    ciHigh: 0.12019,
  },
  bayesianBinomial: {
    source: `${GB_BAYESIAN}::TestBinom (#10)`,
    control: { units: 100, sum: 49, sumSquares: 49 },
    treatment: { units: 100, sum: 51, sumSquares: 51 },
    relative: 0.04082,
    sd: 0.14725,
    chanceToWin: 0.60918,
    ciLow: -0.24779,
    ciHigh: 0.32943,
    risk: [0.0814, 0.04058],
  },
  holm: {
    source: `${GB_SHARED} (#11)`,
    pValues: [0.01, 0.04, 0.03, 0.005, 0.55, 0.6],
    adjusted: [0.05, 0.12, 0.12, 0.03, 1, 1],
  },
  benjaminiHochberg: {
    source: `${GB_SHARED} (#12)`,
    pValues: [0.898, 0.138, 0.007, 0.964, 0.538, 0.006, 0.138],
    adjusted: [0.964, 0.2415, 0.0245, 0.964, 0.7532, 0.0245, 0.2415],
  },
  srmBalanced: {
    source: "anchors §1.3 #13 [calc, scipy 1.17]",
    observed: [5000, 5200],
    weights: [1, 1],
    chiSquare: 3.9216,
    pValue: 0.04767,
  },
  srmStatsig: {
    source: "statsig-io/docs experiments/monitoring/srm.mdx (#14; χ² and p [calc])",
    observed: [166080, 171180, 166300],
    weights: [1, 1, 1],
    chiSquare: 99.04,
    pValue: 3.1e-22,
  },
  quantileMedian: {
    source: "growthbook/growthbook docs/statistics/quantile.mdx (#16)",
    values: [0, 0, 2, 3, 99],
    units: ["123", "123", "456", "456", "789"],
    eventLevel: 2,
    unitLevel: 5,
  },
} as const;

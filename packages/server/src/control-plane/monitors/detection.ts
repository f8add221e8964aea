/**
 * The seam between the runner and the statistics: prediction, sequential detection and attribution come in
 * through these three interfaces, so the runner is tested with any implementation and the statistics package's
 * functions are plugged in by `createStatsDetection`.
 */

/** A value per minute (minute start, ISO). */
export interface MinutePoint {
  at: string;
  value: number;
}

/** The expectation of one minute. */
export interface Expectation {
  at: string;
  expected: number;
  lower: number;
  upper: number;
  /** The standard deviation used to standardise the shortfall. */
  sd: number;
  basis: "seasonal" | "short-window";
}

/** What a predictor is given: the minutes to predict and the history it needs around them. */
export interface PredictionInput {
  minutes: readonly string[];
  /** Per-minute values of the same slots in previous weeks, and the recent minutes before `minutes[0]`. */
  history: readonly MinutePoint[];
  weeks: number;
  yearAgo: boolean;
  /** Counts get a Poisson band; sums a band from the residuals. */
  isCount: boolean;
}

export interface Predictor {
  predict(input: PredictionInput): Expectation[];
}

/** CUSUM parameters in units of σ (the implementation's defaults when left out). */
export interface DetectorParams {
  k?: number;
  h?: number;
  direction: "drop" | "surge" | "both";
  /** Counts are standardised as Poisson counts; other aggregates as plain values. */
  isCount: boolean;
}

/** What one observation does to the detector. */
export interface DetectorStep {
  state: unknown;
  /**
   * Set on the minute the statistic crosses the threshold: when the change started, which way, and when it was
   * known (the end of the part of the minute that crossed; the end of the minute when left out); `changeId` when
   * the watch of that change raised it.
   */
  alarm?: { onsetAt: string; direction: "drop" | "surge"; detectedAt?: string; changeId?: string };
  /** Set when the detector itself sees the excursion end (the runner also resolves after a calm stretch). */
  resolved?: boolean;
}

/** A streaming sequential detector: state in, observation in, state out. */
export interface Detector {
  initial(): unknown;
  /** The state after the runner closed an incident (default `initial()`): e.g. keeping what it watches. */
  reset?(state: unknown): unknown;
  /**
   * The bucket in seconds (a divisor of 60) the detector wants the minute's actual in, given its expected value:
   * 60 (or left out) for one value per minute; less for a high-rate count it evaluates below the minute.
   */
  bucketSeconds?(expected: number, params: DetectorParams): number;
  step(
    state: unknown,
    observation: {
      at: string;
      actual: number;
      expected: number;
      sd: number;
      /** The minute's actual in equal buckets of `bucketSeconds` (summing to `actual`), oldest first, when read. */
      counts?: readonly number[];
      /**
       * Changes (flag activations, ramps, kills, schedule runs, releases, pool switches) that took effect in this
       * minute: a detector may watch the metric right after each, where most incidents start.
       */
      changes?: readonly { id: string; at: string }[];
    },
    params: DetectorParams,
  ): DetectorStep;
}

/**
 * The monitored metric among the units served one variation: per minute before and after the onset, and how many
 * distinct units were served it in each window (the exposure a rate is taken over).
 */
export interface VariationSplit {
  variation: string;
  /** True for what the change started serving: every variation but the flag's default one. */
  activated: boolean;
  before: number;
  after: number;
  beforeMinutes: number;
  afterMinutes: number;
  unitsBefore: number;
  unitsAfter: number;
}

/** One candidate cause with the evidence gathered for it. */
export interface Candidate {
  kind: "flag" | "schedule" | "release" | "traffic" | "other";
  subject: string;
  environment: string | null;
  at: string;
  changeSeq: number | null;
  title: string;
  /** The change's action (`flag.ramp`, `flag.kill`, `traffic.switch` …); null for a release. */
  action: string | null;
  /** Completes "3 min after …", e.g. "`new-checkout` ramped in production by bob". */
  description: string;
  /**
   * For a flag: the metric per minute of each variation before and after the onset (with the minutes counted), so
   * a ranker can test whether the shortfall concentrates in the activated variation.
   */
  variations?: VariationSplit[];
}

/** A ranked candidate: the confidence (0..1) that it caused the change. */
export interface RankedCandidate extends Candidate {
  confidence: number;
  /** Evidence in a few words ("`on` converts 31% less than `off`, p < 0.001"). */
  evidenceText: string | null;
  pValue: number | null;
}

/** The alert's headline facts, for the one-sentence summary. */
export interface AlertFacts {
  metricName: string;
  direction: "drop" | "surge";
  onsetAt: string;
  /** Mean expected and actual per minute since the onset, over `minutes` minutes. */
  expected: number;
  actual: number;
  minutes: number;
  environment: string;
  cause: RankedCandidate | null;
}

export interface Attributor {
  /** Best first; `detectedAt` widens the look-back for a change that took long to detect. */
  rank(candidates: readonly Candidate[], onsetAt: string, detectedAt?: string): RankedCandidate[];
  sentence(facts: AlertFacts): string;
}

/** Everything statistical the runner needs. */
export interface Detection {
  predictor: Predictor;
  detector: Detector;
  attributor: Attributor;
}

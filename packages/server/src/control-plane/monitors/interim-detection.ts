import type {
  AlertFacts,
  Attributor,
  Candidate,
  Detection,
  Detector,
  Expectation,
  Predictor,
  RankedCandidate,
} from "./detection.js";

// A TEMPORARY seam until the statistics package's predictSeries, streaming CUSUM and attribution ranking are
// wired in (`createStatsDetection`): the simplest versions that let the runner be built and tested.

const WEEK_MS = 7 * 86_400_000;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Median of the same minute in previous weeks; with none, the mean of the 60 minutes before. Poisson band. */
const interimPredictor: Predictor = {
  predict({ minutes, history, weeks }) {
    const byMinute = new Map(history.map((p) => [Date.parse(p.at), p.value]));
    return minutes.map((at): Expectation => {
      const t = Date.parse(at);
      const slots: number[] = [];
      for (let w = 1; w <= weeks; w++) {
        const value = byMinute.get(t - w * WEEK_MS);
        if (value !== undefined) slots.push(value);
      }
      let expected: number;
      let basis: Expectation["basis"] = "seasonal";
      if (slots.length > 0) expected = median(slots);
      else {
        basis = "short-window";
        const recent = history.filter((p) => Date.parse(p.at) < t && Date.parse(p.at) >= t - 3_600_000);
        expected = recent.length === 0 ? 0 : recent.reduce((sum, p) => sum + p.value, 0) / recent.length;
      }
      const sd = Math.sqrt(Math.max(expected, 1));
      return { at, expected, sd, lower: Math.max(0, expected - 3 * sd), upper: expected + 3 * sd, basis };
    });
  },
};

interface CusumState {
  low: number;
  high: number;
  lowStart: string | null;
  highStart: string | null;
}

/** Two one-sided CUSUMs on the standardised residual; the onset is where the alarming sum last left zero. */
const interimDetector: Detector = {
  initial: (): CusumState => ({ low: 0, high: 0, lowStart: null, highStart: null }),
  step(raw, { at, actual, expected, sd }, { k = 0.5, h = 5, direction }) {
    const s = raw as CusumState;
    const z = (expected - actual) / Math.max(sd, 1e-9);
    const low = Math.max(0, s.low + z - k);
    const high = Math.max(0, s.high - z - k);
    const state: CusumState = {
      low,
      high,
      lowStart: low === 0 ? null : (s.lowStart ?? at),
      highStart: high === 0 ? null : (s.highStart ?? at),
    };
    if (direction !== "surge" && low > h && state.lowStart !== null) {
      return { state: { ...state, low: 0, lowStart: null }, alarm: { onsetAt: state.lowStart, direction: "drop" } };
    }
    if (direction !== "drop" && high > h && state.highStart !== null) {
      return { state: { ...state, high: 0, highStart: null }, alarm: { onsetAt: state.highStart, direction: "surge" } };
    }
    return { state };
  },
};

/** Proximity (15-minute half-life) times the concentration of the drop in one variation. */
const interimAttributor: Attributor = {
  rank(candidates: readonly Candidate[], onsetAt: string): RankedCandidate[] {
    const onset = Date.parse(onsetAt);
    return candidates
      .map((c): RankedCandidate => {
        const ageMin = Math.max(0, (onset - Date.parse(c.at)) / 60_000);
        const proximity = 0.5 ** (ageMin / 15);
        const ratios = (c.variations ?? [])
          .filter((v) => v.before > 0)
          .map((v) => ({ variation: v.variation, ratio: v.after / v.before }));
        let concentration = 0.5;
        let evidenceText: string | null = null;
        if (ratios.length >= 2) {
          const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
          const worst = sorted[0];
          const best = sorted[sorted.length - 1];
          if (worst !== undefined && best !== undefined && best.ratio > 0) {
            const gap = 1 - worst.ratio / best.ratio;
            concentration = Math.min(1, Math.max(0, 0.5 + gap));
            evidenceText = `units served \`${worst.variation}\` fell ${Math.round((1 - worst.ratio) * 100)}% against ${Math.round((1 - best.ratio) * 100)}% for \`${best.variation}\``;
          }
        }
        return { ...c, confidence: Math.min(1, proximity * concentration), evidenceText, pValue: null };
      })
      .sort((a, b) => b.confidence - a.confidence);
  },
  sentence(facts: AlertFacts): string {
    const diff = facts.actual - facts.expected;
    const pct = facts.expected > 0 ? Math.round((diff / facts.expected) * 100) : 0;
    const time = facts.onsetAt.slice(11, 16);
    const head = `${facts.metricName} ${pct >= 0 ? "+" : "−"}${Math.abs(pct)}% (${diff >= 0 ? "+" : "−"}${Math.abs(Math.round(diff))}/min vs predicted) since ${time} UTC in ${facts.environment}`;
    const cause = facts.cause;
    if (cause === null) return `${head}; no change preceded it.`;
    const lead = Math.round((Date.parse(facts.onsetAt) - Date.parse(cause.at)) / 60_000);
    const evidence = cause.evidenceText === null ? "" : `; ${cause.evidenceText}`;
    return `${head}, ${lead} min after ${cause.description}${evidence}.`;
  },
};

/** The temporary detection (replace with `createStatsDetection` once the statistics land). */
export function createInterimDetection(): Detection {
  return { predictor: interimPredictor, detector: interimDetector, attributor: interimAttributor };
}

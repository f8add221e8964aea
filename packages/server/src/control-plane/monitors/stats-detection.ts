import {
  type CandidateCause,
  type CauseKind,
  DEFAULT_SUB_BUCKET_OPTIONS,
  type DetectorState,
  describeChange,
  INITIAL_DETECTOR_STATE,
  predictSeries,
  type RankedCause,
  rankCauses,
  resetDetector,
  type SubBucketOptions,
  stepMinute,
  subBucketsOf,
} from "@switchboard/stats";
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

const MINUTE = 60_000;

/**
 * The statistics package's prediction (`predictSeries`: same slot of previous weeks, growth level, residual
 * band, short-window cold start), streaming CUSUM with onset (`stepMinute`: below the minute for high-rate counts) and attribution (`rankCauses`,
 * `describeChange`) behind the runner's `Detection` seam.
 */
export function createStatsDetection(options: { subBuckets?: SubBucketOptions } = {}): Detection {
  return { predictor, detector: detectorOf(options.subBuckets ?? {}), attributor };
}

// The history comes as the windows the runner read (the hour before, the same stretch of previous weeks); laid out
// on one minute grid with nulls between them, predictSeries reads the same slots it would in a full series.
const predictor: Predictor = {
  predict({ minutes, history, weeks, yearAgo, isCount }) {
    const first = minutes[0];
    if (first === undefined) return [];
    const times = [...history.map((p) => Date.parse(p.at)), Date.parse(first)];
    const origin = Math.min(...times);
    const end = Date.parse(minutes[minutes.length - 1] ?? first) + MINUTE;
    const series: (number | null)[] = new Array(Math.round((end - origin) / MINUTE)).fill(null);
    for (const point of history) {
      const index = Math.round((Date.parse(point.at) - origin) / MINUTE);
      if (index >= 0 && index < series.length && Date.parse(point.at) < Date.parse(first)) series[index] = point.value;
    }
    const prediction = predictSeries(series, { weeks, yearAgo, kind: isCount ? "count" : "value" });
    return minutes.map((at): Expectation => {
      const bucket = prediction.buckets[Math.round((Date.parse(at) - origin) / MINUTE)];
      const expected = bucket?.expected ?? 0;
      const sd = bucket?.standardDeviation ?? Math.sqrt(Math.max(expected, 1));
      return {
        at,
        expected,
        sd,
        lower: bucket?.low ?? 0,
        upper: bucket?.high ?? expected,
        basis: bucket?.basis === "seasonal" ? "seasonal" : "short-window",
      };
    });
  },
};

// With `subBuckets` allowing it (off by default), a high-rate count is stepped through 10–30 s parts of each minute
// (`stepMinute`, the benchmark's step too): the runner reads the minute in the buckets asked for here and passes them
// as `counts`.
const detectorOf = (subBuckets: SubBucketOptions): Detector => ({
  initial: () => INITIAL_DETECTOR_STATE,
  reset: (state) => resetDetector(state as DetectorState),
  // The change watches test a minute in parts even when the CUSUMs take it whole, so the parts are read for both.
  bucketSeconds: (expected, { isCount }) =>
    isCount ? 60 / subBucketsOf(expected, { ...subBuckets, maxParts: finestParts(subBuckets) }) : 60,
  step(raw, { at, actual, expected, sd, counts, changes }, { k, h, direction, isCount }) {
    const watched = changes?.map((c) => ({ id: c.id, time: Date.parse(c.at) })).filter((c) => Number.isFinite(c.time));
    const { state, events, parts } = stepMinute(
      raw as DetectorState,
      {
        time: Date.parse(at),
        actual,
        expected,
        standardDeviation: sd,
        ...(watched === undefined || watched.length === 0 ? {} : { changes: watched }),
      },
      counts ?? null,
      MINUTE,
      {
        ...(k === undefined ? {} : { k }),
        ...(h === undefined ? {} : { h }),
        kind: isCount ? "count" : "value",
        subBuckets,
      },
    );
    const wanted = (d: "drop" | "surge" | "zero") =>
      direction === "both" || (direction === "drop" ? d !== "surge" : d === "surge");
    const alarm = events.find((e) => e.type === "alarm" && wanted(e.direction));
    const resolved = events.some((e) => e.type === "resolved" && wanted(e.direction));
    return {
      state,
      ...(alarm === undefined
        ? {}
        : {
            alarm: {
              onsetAt: new Date(alarm.onset).toISOString(),
              direction: alarm.direction === "surge" ? ("surge" as const) : ("drop" as const),
              detectedAt: new Date(alarm.endsAt ?? alarm.detectedAt + MINUTE / parts).toISOString(),
              ...(alarm.changeId === undefined ? {} : { changeId: alarm.changeId }),
            },
          }),
      ...(resolved ? { resolved } : {}),
    };
  },
});

/** The finest cut any part of the detector asks for: the CUSUMs' (`maxParts`) or the change watches'. */
function finestParts(subBuckets: SubBucketOptions): number {
  const { maxParts, watchMaxParts } = { ...DEFAULT_SUB_BUCKET_OPTIONS, ...subBuckets };
  return Math.max(maxParts, watchMaxParts);
}

const KINDS: Readonly<Record<string, CauseKind>> = {
  "flag.ramp": "flag-ramp",
  "flag.kill": "flag-kill",
};

function causeOf(candidate: Candidate, index: number): CandidateCause {
  const kind: CauseKind =
    candidate.kind === "release"
      ? "release"
      : candidate.kind === "traffic"
        ? "pool-switch"
        : candidate.action?.startsWith("flag.schedule") === true || candidate.kind === "schedule"
          ? "schedule-run"
          : (KINDS[candidate.action ?? ""] ?? "flag-activation");
  const split = candidate.variations
    ?.filter((v) => v.unitsAfter > 0 || v.unitsBefore > 0)
    .map((v) => ({
      variation: v.variation,
      activated: v.activated,
      exposure: v.unitsAfter,
      value: Math.round(v.after * v.afterMinutes),
      before: { exposure: v.unitsBefore, value: Math.round(v.before * v.beforeMinutes) },
    }));
  return {
    id: String(index),
    time: Date.parse(candidate.at),
    kind,
    description: candidate.description,
    ...(split === undefined || split.length < 2 ? {} : { split }),
  };
}

// What the runner keeps to word the sentence: the statistics' own ranking of the best candidate.
const RANKED = Symbol("ranked");
type WithRanked = RankedCandidate & { [RANKED]?: RankedCause };

const attributor: Attributor = {
  rank(candidates, onsetAt, detectedAt) {
    const causes = candidates.map(causeOf);
    const options = detectedAt === undefined ? {} : { detectedAt: Date.parse(detectedAt) };
    return rankCauses(Date.parse(onsetAt), causes, options).map((ranked): WithRanked => {
      const candidate = candidates[Number(ranked.cause.id)] as Candidate;
      const evidence = ranked.evidence;
      // Confidence for the action threshold: 1 − p of the split test when the split moved with the metric.
      const confidence = evidence !== null && evidence.relativeDifference < 0 ? 1 - evidence.pValue : 0;
      const evidenceText =
        evidence === null
          ? null
          : `units served ${evidence.activated.map((v) => `\`${v}\``).join(", ")} ${evidence.relativeDifference < 0 ? "converted" : "converted"} ${Math.abs(Math.round(evidence.relativeDifference * 100))}% ${evidence.relativeDifference < 0 ? "less" : "more"}, p = ${evidence.pValue.toPrecision(2)}`;
      return { ...candidate, confidence, evidenceText, pValue: evidence?.pValue ?? null, [RANKED]: ranked };
    });
  },
  sentence(facts: AlertFacts) {
    const minutes = Math.max(1, facts.minutes);
    return describeChange({
      metric: facts.metricName,
      change: {
        direction: facts.direction,
        onset: Date.parse(facts.onsetAt),
        expectedSum: facts.expected * minutes,
        actualSum: facts.actual * minutes,
        buckets: minutes,
      },
      cause: (facts.cause as WithRanked | null)?.[RANKED] ?? null,
    });
  },
};

import {
  AppError,
  type ErrorDetail,
  type ExperimentPhase,
  type ExperimentResults,
  type ExperimentResultsQuery,
  pickPhase,
  validationFailed,
} from "@switchboard/core";
import { DEFAULT_LOOKBACK_MICROS, type ResolvedMetric, resolveMetric } from "@switchboard/events";
import { DEFAULT_CONFIDENCE_LEVEL, type SampleRatioMismatch, sampleRatioMismatch } from "@switchboard/stats";
import type { Clock } from "../../kernel/index.js";
import type { ChangeLog, DocumentStore } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { analyseMetric } from "./analyse-metric.js";
import { applyCorrection } from "./apply-correction.js";
import { type ExperimentSetup, loadExperimentSetup } from "./experiment-setup.js";
import { formatPValue } from "./format-results.js";
import { guardrailVerdicts } from "./guardrail-verdicts.js";
import type { MetricTotalsSource } from "./metric-totals-source.js";
import { resultsSummary } from "./results-summary.js";

/**
 * Experiment results: the phase's window from the change log, the per-variation sums from the event store (through
 * `MetricTotalsSource`), the statistics from `@switchboard/stats`, then guardrail verdicts and a summary.
 */
export class ResultsService {
  constructor(
    private readonly store: DocumentStore & ChangeLog,
    private readonly clock: Clock,
    private readonly totals: MetricTotalsSource | undefined,
  ) {}

  /** The results of experiment `key`; NOT_FOUND for an unknown experiment, 400 for a phase or window it lacks. */
  async results(key: string, query: ExperimentResultsQuery): Promise<ExperimentResults> {
    const environment = query.environment ?? "production";
    const setup = await loadExperimentSetup(this.store, key, environment);
    const resolved = resolveMetrics(setup);
    const options = {
      method: query.method ?? "frequentist",
      cuped: query.cuped ?? true,
      confidenceLevel: query.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL,
    };
    const correction = query.correction ?? "none";
    const head = {
      experiment: key,
      environment,
      flag: setup.flag,
      method: options.method,
      correction,
      confidenceLevel: options.confidenceLevel,
      undefinedMetrics: setup.undefinedMetrics,
    };
    const phase = pickPhase(setup.phases, query.phase);
    if (phase === undefined) {
      if (query.phase !== undefined) {
        throw validationFailed([
          {
            path: "phase",
            message: `does not exist: the experiment has ${setup.phases.length} phase(s) in ${environment}`,
          },
        ]);
      }
      return emptyResults(head, null, `the experiment has never run in ${environment}`);
    }
    const window = this.windowOf(phase, query);
    if (this.totals === undefined)
      throw new AppError("UNAVAILABLE", "Results need the event store, and this server has none.");
    const scope = {
      environment,
      experiment: key,
      start: window.start,
      end: window.end,
      lookbackMicros: DEFAULT_LOOKBACK_MICROS,
    };
    const totals = await this.totals.read(scope, resolved, phase.split.variations);
    const control = phase.split.variations[0] ?? null;
    const phaseOut = {
      index: phase.index,
      start: window.start.toISOString(),
      end: phase.end === null && query.to === undefined ? null : window.end.toISOString(),
      phases: setup.phases.length,
    };
    const total = totals.variations.reduce((sum, v) => sum + v.units, 0);
    const units = { total, multipleVariations: totals.multipleExposureUnits };
    const srm = srmOf(
      sampleRatioMismatch(
        phase.split.variations.map((variation, i) => ({
          variation,
          units: totals.variations.find((v) => v.variation === variation)?.units ?? 0,
          weight: phase.split.weights[i] ?? 0,
        })),
      ),
    );
    if (total === 0 || control === null) {
      return emptyResults(
        { ...head, control, units, srm },
        phaseOut,
        `no exposed units in phase ${phase.index} (${units.multipleVariations} saw more than one variation)`,
      );
    }
    const days = Math.max((window.end.getTime() - window.start.getTime()) / 86_400_000, 1 / 24);
    const dailyUnits = total / days;
    const metrics = applyCorrection(
      setup.metrics.map((metric) =>
        analyseMetric(metric, totals, control, { ...options, dailyUnits, windowDays: days }),
      ),
      correction,
      options.confidenceLevel,
    );
    const guardrails = guardrailVerdicts(metrics, setup.metrics);
    const body = { ...head, phase: phaseOut, control, units, srm, metrics, guardrails, notEnoughData: null };
    return { ...body, summary: resultsSummary(body) };
  }

  private windowOf(phase: ExperimentPhase, query: ExperimentResultsQuery): { start: Date; end: Date } {
    const problems: ErrorDetail[] = [];
    const from = parseTime(query.from, "from", problems);
    const to = parseTime(query.to, "to", problems);
    const now = this.clock.now().getTime();
    const start = Math.max(Date.parse(phase.start), from ?? -Infinity);
    const end = Math.min(phase.end === null ? now : Date.parse(phase.end), to ?? Infinity, now);
    // A phase that started this very moment is an empty window (no units yet), not a mistake of the caller.
    if (from === undefined && to === undefined && !(start < end))
      return { start: new Date(start), end: new Date(start + 1) };
    if (problems.length === 0 && !(start < end)) {
      problems.push({
        path: from !== undefined ? "from" : "to",
        message: `leaves no time inside phase ${phase.index} (${phase.start} to ${phase.end ?? "now"})`,
      });
    }
    if (problems.length > 0) throw validationFailed(problems);
    return { start: new Date(start), end: new Date(end) };
  }
}

function resolveMetrics(setup: ExperimentSetup): ResolvedMetric[] {
  const problems: ErrorDetail[] = [];
  const resolved = setup.metrics.map((metric) =>
    resolveMetric(metric.key, metric.definition, `metrics.${metric.key}.`, problems),
  );
  if (problems.length > 0) throw validationFailed(problems);
  return resolved.filter((metric): metric is ResolvedMetric => metric !== undefined);
}

function parseTime(text: string | undefined, path: string, problems: ErrorDetail[]): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) problems.push({ path, message: `${JSON.stringify(text)} is not an ISO 8601 timestamp` });
  return Number.isNaN(ms) ? undefined : ms;
}

function srmOf(result: SampleRatioMismatch): ExperimentResults["srm"] {
  const split = (counts: Readonly<Record<string, number>>) =>
    Object.values(counts)
      .map((n) => Math.round(n))
      .join("/");
  const message = result.mismatch
    ? `Sample ratio mismatch (p ${formatPValue(result.pValue ?? 0)}): the units did not split as configured (expected ${split(result.expected)}, observed ${split(result.observed)}), so every result below is suspect; look for exposures lost or logged selectively, redirects or bots.`
    : result.pValue === null
      ? "Sample ratio not checked: not enough units."
      : `The split matches the configured weights (p ${formatPValue(result.pValue)}).`;
  return {
    pValue: result.pValue,
    mismatch: result.mismatch,
    expected: { ...result.expected },
    observed: { ...result.observed },
    message,
  };
}

type Head = Pick<
  ExperimentResults,
  "experiment" | "environment" | "flag" | "method" | "correction" | "confidenceLevel" | "undefinedMetrics"
>;

function emptyResults(
  head: Head & Partial<Pick<ExperimentResults, "control" | "units" | "srm">>,
  phase: ExperimentResults["phase"],
  why: string,
): ExperimentResults {
  const srm = head.srm ?? {
    pValue: null,
    mismatch: false,
    expected: {},
    observed: {},
    message: "Sample ratio not checked: not enough units.",
  };
  const body = {
    control: null,
    units: { total: 0, multipleVariations: 0 },
    ...head,
    srm,
    phase,
    metrics: [],
    guardrails: [],
    notEnoughData: why,
  };
  return { ...body, summary: resultsSummary(body) };
}

/** Builds the results service (what the composition root calls); `metricTotals` is absent without an event store. */
export function createResultsService(
  { store, clock }: Pick<ServiceDeps<DocumentStore & ChangeLog>, "store" | "clock">,
  metricTotals: MetricTotalsSource | undefined,
): ResultsService {
  return new ResultsService(store, clock, metricTotals);
}

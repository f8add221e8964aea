import type { ErrorDetail, Metric } from "@switchboard/core";
import { DuckDbEventStore } from "../../packages/events/src/duckdb/duckdb-event-store.js";
import {
  DEFAULT_LOOKBACK_MICROS,
  ExperimentMetricsReader,
  type ExperimentMetricsScope,
  type ResolvedMetric,
  resolveMetric,
} from "../../packages/events/src/metrics/index.js";
import { analyseMetric } from "../../packages/server/src/control-plane/results/analyse-metric.js";
import { applyCorrection } from "../../packages/server/src/control-plane/results/apply-correction.js";
import type { NamedMetric } from "../../packages/server/src/control-plane/results/experiment-setup.js";
import { guardrailVerdicts } from "../../packages/server/src/control-plane/results/guardrail-verdicts.js";
import { sampleRatioMismatch } from "../../packages/stats/src/index.js";
import type { Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import { type AnalysisDataset, analysisDataset, ensureAnalysisDataset } from "./analysis-dataset.js";

// Five measured runs each by default; SWITCHBOARD_BENCH_ANALYSIS_RUNS lowers it on a machine too loaded for that.
const DEFAULT_RUNS = 5;
const VARIATIONS = ["A", "B"];

/** The three metrics: a proportion, a per-unit count (with its pre-exposure covariate) and a ratio of span totals. */
const METRICS: NamedMetric[] = [
  {
    key: "conversion",
    role: "primary",
    definition: { kind: "proportion", where: [{ field: "name", op: "=", value: "checkout" }] },
  },
  {
    key: "pageviews",
    role: "secondary",
    definition: { kind: "mean", aggregate: "count", where: [{ field: "name", op: "=", value: "page" }] },
  },
  {
    key: "sql-ms",
    role: "guardrail",
    definition: {
      kind: "ratio",
      direction: "lower",
      tolerance: 0.05,
      numerator: { aggregate: "sum", field: "spans.sql.ms" },
      denominator: { aggregate: "sum", field: "spans.sql.count" },
    } satisfies Metric,
  },
];

/**
 * The same unit-level aggregation written by hand for these three metrics: each unit's first exposure, units that
 * saw one variation, their events from the lookback to the window's end split into after and before exposure
 * (an event counts as after when it still ran at the exposure), per unit, then per variation the sums, squares and
 * cross products the statistics need.
 */
function handWrittenSql(d: AnalysisDataset): string {
  const start = d.start.toISOString();
  const end = d.end.toISOString();
  const lookbackUs = DEFAULT_LOOKBACK_MICROS;
  return `
WITH exposed AS (
  SELECT unit, min(ts) AS first_ts, min(variation) AS variation, count(DISTINCT variation) AS variation_count
  FROM exposures
  WHERE environment = '${d.environment}' AND experiment = '${d.experiment}'
    AND ts >= TIMESTAMP '${start}' AND ts < TIMESTAMP '${end}' AND coalesce(in_experiment, TRUE)
  GROUP BY unit
), units AS (
  SELECT unit, first_ts, variation FROM exposed WHERE variation_count = 1
), matched AS (
  SELECT u.unit, u.variation, e.name,
    epoch_us(e.ts) - epoch_us(u.first_ts) AS after_us,
    epoch_us(e.ts) - epoch_us(u.first_ts) + coalesce(e.duration_ms, 0) * 1000 AS end_us,
    coalesce(e.span_ms[list_position(e.span_names, 'sql')], 0) AS sql_ms,
    coalesce(e.span_count[list_position(e.span_names, 'sql')], 0) AS sql_n
  FROM events e JOIN units u ON e.unit = u.unit
  WHERE e.environment = '${d.environment}'
    AND e.ts >= TIMESTAMP '${start}' - to_microseconds(${lookbackUs}::BIGINT) AND e.ts < TIMESTAMP '${end}'
), per_unit AS (
  SELECT u.unit, u.variation,
    coalesce(max(CASE WHEN m.end_us >= 0 AND m.name = 'checkout' THEN 1 END), 0) AS conv,
    coalesce(max(CASE WHEN m.end_us < 0 AND m.after_us >= -${lookbackUs} AND m.name = 'checkout' THEN 1 END), 0) AS conv_pre,
    count(CASE WHEN m.end_us >= 0 AND m.name = 'page' THEN 1 END) AS pv,
    count(CASE WHEN m.end_us < 0 AND m.after_us >= -${lookbackUs} AND m.name = 'page' THEN 1 END) AS pv_pre,
    coalesce(sum(CASE WHEN m.end_us >= 0 THEN m.sql_ms END), 0) AS n,
    coalesce(sum(CASE WHEN m.end_us >= 0 THEN m.sql_n END), 0) AS d,
    coalesce(sum(CASE WHEN m.end_us < 0 AND m.after_us >= -${lookbackUs} THEN m.sql_ms END), 0) AS n_pre,
    coalesce(sum(CASE WHEN m.end_us < 0 AND m.after_us >= -${lookbackUs} THEN m.sql_n END), 0) AS d_pre
  FROM units u LEFT JOIN matched m ON m.unit = u.unit
  GROUP BY u.unit, u.variation
)
SELECT variation, count(*) AS units,
  sum(conv), sum(conv * conv), sum(conv_pre), sum(conv_pre * conv_pre), sum(conv * conv_pre),
  sum(pv), sum(pv * pv), sum(pv_pre), sum(pv_pre * pv_pre), sum(pv * pv_pre),
  sum(n), sum(n * n), sum(d), sum(d * d), sum(n * d),
  sum(n_pre), sum(n_pre * n_pre), sum(d_pre), sum(d_pre * d_pre), sum(n_pre * d_pre),
  sum(n * n_pre), sum(d * d_pre), sum(n * d_pre), sum(d * n_pre)
FROM per_unit GROUP BY variation
UNION ALL
SELECT 'multiple', count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM exposed WHERE variation_count > 1`;
}

function resolved(): ResolvedMetric[] {
  const problems: ErrorDetail[] = [];
  const out = METRICS.map((m) => resolveMetric(m.key, m.definition, `metrics.${m.key}.`, problems));
  if (problems.length > 0) throw new Error(`bench metrics do not resolve: ${JSON.stringify(problems)}`);
  return out.filter((m): m is ResolvedMetric => m !== undefined);
}

/**
 * `analysis.units1m`: an experiment's results from 1,000,000 exposed units and 20,000,000 events, 3 metrics.
 * `switchboard` is the results computation in process (the compiled statement through `ExperimentMetricsReader`,
 * then the statistics, corrections, SRM and guardrail verdicts of the results service); `sql` the hand-written
 * statement of the same unit-level aggregation on the same file and connection, interleaved run by run.
 * `stats_pct` is the statistics step's share of the switchboard total. SWITCHBOARD_BENCH_ANALYSIS_SCALE < 1
 * shrinks the data for a quick check; such figures are reported under `analysis.units1m.scaled`.
 */
export async function runAnalysisBench(name: string, reporter: Reporter): Promise<void> {
  const scale = Number(process.env["SWITCHBOARD_BENCH_ANALYSIS_SCALE"] ?? "1");
  if (!(scale > 0 && scale <= 1)) throw new Error("SWITCHBOARD_BENCH_ANALYSIS_SCALE must be in (0, 1]");
  const bench = scale === 1 ? name : `${name}.scaled`;
  const d = analysisDataset(scale);
  const path = await ensureAnalysisDataset(d, (text) => reporter.note(text));
  const store = await DuckDbEventStore.open({ path });
  try {
    const reader = new ExperimentMetricsReader(store, { timeoutMs: 900_000 });
    const metrics = resolved();
    const scope: ExperimentMetricsScope = {
      environment: d.environment,
      experiment: d.experiment,
      start: d.start,
      end: d.end,
      lookbackMicros: DEFAULT_LOOKBACK_MICROS,
    };
    const options = { method: "frequentist" as const, cuped: true, confidenceLevel: 0.95 };
    const ours = async () => {
      const startedMs = performance.now();
      const totals = await reader.read(scope, metrics, VARIATIONS);
      const statsMs = performance.now();
      // As the results service does: traffic per day in the window, for power and cost per day.
      const windowDays = (d.end.getTime() - d.start.getTime()) / 86_400_000;
      const dailyUnits = totals.variations.reduce((sum, v) => sum + v.units, 0) / windowDays;
      const analysed = applyCorrection(
        METRICS.map((metric) => analyseMetric(metric, totals, "A", { ...options, dailyUnits, windowDays })),
        "holm",
        options.confidenceLevel,
      );
      guardrailVerdicts(analysed, METRICS);
      sampleRatioMismatch(
        VARIATIONS.map((variation) => ({
          variation,
          units: totals.variations.find((v) => v.variation === variation)?.units ?? 0,
          weight: 0.5,
        })),
      );
      const doneMs = performance.now();
      return { totalMs: doneMs - startedMs, statsMs: doneMs - statsMs, analysed, units: totals.variations };
    };
    const sql = handWrittenSql(d);
    const theirs = () => store.run({ sql, params: [] });
    const runs = Number(process.env["SWITCHBOARD_BENCH_ANALYSIS_RUNS"] ?? DEFAULT_RUNS);
    if (!(Number.isInteger(runs) && runs >= 1))
      throw new Error("SWITCHBOARD_BENCH_ANALYSIS_RUNS must be a positive integer");
    const warmMs = performance.now();
    const first = await ours();
    const sqlWarmMs = performance.now();
    const rows = (await theirs()).rows;
    reporter.note(
      `${bench}: warm-up switchboard ${first.totalMs.toFixed(0)} ms (stats ${first.statsMs.toFixed(1)} ms), sql ${(performance.now() - sqlWarmMs).toFixed(0)} ms; ${((sqlWarmMs - warmMs) / 1000).toFixed(0)} s`,
    );
    reporter.note(
      `${bench}: warm-up done; units ${first.units.map((v) => `${v.variation} ${v.units}`).join(", ")} (sql: ${rows
        .map((r) => `${String(r[0])} ${String(r[1])}`)
        .join(", ")}); conversion lift ${first.analysed[0]?.variations[1]?.change?.relative?.toFixed(4)}`,
    );
    const samples = { switchboard: [] as number[], sql: [] as number[], statsPct: [] as number[] };
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? (["switchboard", "sql"] as const) : (["sql", "switchboard"] as const);
      for (const impl of order) {
        if (impl === "switchboard") {
          const timing = await ours();
          samples.switchboard.push(timing.totalMs);
          samples.statsPct.push((100 * timing.statsMs) / timing.totalMs);
          reporter.note(
            `${bench}: run ${run + 1} switchboard ${timing.totalMs.toFixed(0)} ms (stats ${timing.statsMs.toFixed(1)} ms)`,
          );
        } else {
          const startedMs = performance.now();
          await theirs();
          samples.sql.push(performance.now() - startedMs);
          reporter.note(`${bench}: run ${run + 1} sql ${(performance.now() - startedMs).toFixed(0)} ms`);
        }
      }
    }
    reporter.emit(measurementOf(bench, "switchboard", "ms", samples.switchboard));
    reporter.emit(measurementOf(bench, "sql", "ms", samples.sql));
    reporter.emit(measurementOf(bench, "switchboard", "stats_pct", samples.statsPct));
  } finally {
    await store.close();
  }
}

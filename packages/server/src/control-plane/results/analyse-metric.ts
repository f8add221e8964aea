import type { MetricResult, VariationResult } from "@switchboard/core";
import type { ExperimentMetricTotals, MetricTotals } from "@switchboard/events";
import {
  type AnalysisMethod,
  type ArmEstimate,
  type Comparison,
  type ComparisonInput,
  compareVariations,
  daysUntilDetectable,
  meanArm,
  minimumDetectableEffect,
  proportionArm,
  ratioArm,
} from "@switchboard/stats";
import { costPerDay } from "./cost-per-day.js";
import type { NamedMetric } from "./experiment-setup.js";
import { quantileSums } from "./quantile-sums.js";

/** How the comparisons are computed. */
export interface AnalysisOptions {
  method: AnalysisMethod;
  cuped: boolean;
  confidenceLevel: number;
  /** New exposed units per day in the window (both arms), for the days until a target change is detectable. */
  dailyUnits: number;
  /** Length of the analysis window, for costs per day. */
  windowDays: number;
}

/** The relative change the power figures plan for ("days until a 1% change is detectable"). */
export const TARGET_RELATIVE_EFFECT = 0.01;

const QUANTILE_LEVELS: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/** One metric's results: each variation's value, and each treatment's change against the control. */
export function analyseMetric(
  metric: NamedMetric,
  totals: ExperimentMetricTotals,
  control: string,
  options: AnalysisOptions,
): MetricResult {
  const controlTotals = totals.variations.find((v) => v.variation === control)?.metrics[metric.key];
  const variations = totals.variations.map((variation): VariationResult => {
    const own = variation.metrics[metric.key];
    const base = { variation: variation.variation, units: variation.units, value: own ? metricValueOf(own) : null };
    if (variation.variation === control || own === undefined || controlTotals === undefined) {
      return { ...base, change: null, pValue: null, chanceToWin: null, significant: false };
    }
    const comparison = compareVariations(comparisonInput(metric, controlTotals, own, options));
    const cost =
      comparison.notEnoughData === undefined
        ? costPerDay(metric, totals, comparison.absolute, options.windowDays)
        : null;
    return {
      ...base,
      ...fromComparison(comparison, options),
      ...power(controlTotals, own, options),
      ...(cost === null ? {} : { costPerDay: cost }),
    };
  });
  const direction = metric.definition.direction ?? "higher";
  return { metric: metric.key, kind: metric.definition.kind, role: metric.role, direction, variations };
}

/** The metric's value for one variation (rate, mean, ratio or quantile), null when undefined (no units, 0/0). */
export function metricValueOf(totals: MetricTotals): number | null {
  let value: number | null;
  if (totals.kind === "ratio") value = totals.denominatorSum === 0 ? null : totals.numeratorSum / totals.denominatorSum;
  else if (totals.kind === "quantile") value = totals.quantile;
  else value = totals.units === 0 ? null : totals.sum / totals.units;
  return value !== null && Number.isFinite(value) ? value : null;
}

function comparisonInput(
  metric: NamedMetric,
  control: MetricTotals,
  treatment: MetricTotals,
  options: AnalysisOptions,
): ComparisonInput {
  const common = {
    method: options.method,
    confidenceLevel: options.confidenceLevel,
    direction: metric.definition.direction ?? "higher",
    cuped: options.cuped,
  };
  if (control.kind === "quantile" && treatment.kind === "quantile" && metric.definition.kind === "quantile") {
    const level = QUANTILE_LEVELS[metric.definition.quantile] ?? 0.5;
    return {
      ...common,
      kind: "quantile",
      control: quantileSums(control, level),
      treatment: quantileSums(treatment, level),
    };
  }
  if (control.kind === "ratio" && treatment.kind === "ratio") return { ...common, kind: "ratio", control, treatment };
  if ((control.kind === "mean" || control.kind === "proportion") && control.kind === treatment.kind) {
    return { ...common, kind: control.kind, control, treatment };
  }
  throw new Error(`metric ${metric.key}: the store answered totals of kind ${control.kind} and ${treatment.kind}`);
}

function fromComparison(
  comparison: Comparison,
  options: AnalysisOptions,
): Omit<VariationResult, "variation" | "units" | "value"> {
  if (comparison.notEnoughData !== undefined) {
    const units = { control: comparison.control.units, treatment: comparison.treatment.units };
    const notEnoughData = { ...comparison.notEnoughData, units };
    return { change: null, pValue: null, chanceToWin: null, significant: false, notEnoughData };
  }
  const change = {
    absolute: comparison.absolute,
    relative: comparison.relative,
    ciLow: comparison.ciLow,
    ciHigh: comparison.ciHigh,
    absoluteCiLow: comparison.absoluteCiLow,
    absoluteCiHigh: comparison.absoluteCiHigh,
  };
  const pValue = comparison.pValue ?? null;
  const chanceToWin = comparison.chanceToWin ?? null;
  const reduction =
    comparison.varianceReduction === undefined ? {} : { varianceReduction: comparison.varianceReduction };
  return {
    change,
    pValue,
    chanceToWin,
    significant: isSignificant(pValue, chanceToWin, options.confidenceLevel),
    ...reduction,
  };
}

/** Decisive at the level: a p-value below 1 − level, or a chance to win beyond the level either way. */
export function isSignificant(pValue: number | null, chanceToWin: number | null, confidenceLevel: number): boolean {
  if (pValue !== null) return pValue < 1 - confidenceLevel;
  if (chanceToWin !== null) return chanceToWin > confidenceLevel || chanceToWin < 1 - confidenceLevel;
  return false;
}

// The smallest relative change detectable now (80% power) and the days until a 1% change would be, at the observed
// traffic (fixed-horizon formulas); quantiles and degenerate arms have neither.
function power(
  control: MetricTotals,
  treatment: MetricTotals,
  options: AnalysisOptions,
): Pick<VariationResult, "minimumDetectableEffect" | "daysUntilDetectable"> {
  const arms = armsOf(control, treatment);
  if (arms === undefined) return {};
  const mde = minimumDetectableEffect(arms[0], arms[1], options.confidenceLevel).relative;
  const days = daysUntilDetectable(
    arms[0],
    arms[1],
    TARGET_RELATIVE_EFFECT,
    options.dailyUnits,
    options.confidenceLevel,
  );
  return {
    minimumDetectableEffect: mde !== null && Number.isFinite(mde) ? mde : null,
    daysUntilDetectable:
      days === null || !Number.isFinite(days.days) ? null : { relativeEffect: TARGET_RELATIVE_EFFECT, days: days.days },
  };
}

function armsOf(control: MetricTotals, treatment: MetricTotals): [ArmEstimate, ArmEstimate] | undefined {
  if (control.units < 2 || treatment.units < 2) return undefined;
  if (control.kind === "proportion" && treatment.kind === "proportion")
    return [proportionArm(control), proportionArm(treatment)];
  if (control.kind === "mean" && treatment.kind === "mean") return [meanArm(control), meanArm(treatment)];
  if (
    control.kind === "ratio" &&
    treatment.kind === "ratio" &&
    control.denominatorSum !== 0 &&
    treatment.denominatorSum !== 0
  ) {
    return [ratioArm(control), ratioArm(treatment)];
  }
  return undefined;
}

import type { GuardrailVerdict, MetricResult } from "@switchboard/core";
import type { NamedMetric } from "./experiment-setup.js";
import { formatChange, formatPercent } from "./format-results.js";

/**
 * The verdict of every guardrail for every treatment, against its tolerance t (the worst acceptable relative
 * change in the bad direction; 0 when the metric sets none):
 * - `breached`: the whole interval lies on the bad side of 0 (the change is real) and the estimate is worse than t;
 * - `ok`: even the interval's worst end is within t;
 * - `at-risk`: neither yet (the interval still reaches beyond t);
 * - `not-enough-data`: no comparison could be made.
 */
export function guardrailVerdicts(metrics: readonly MetricResult[], named: readonly NamedMetric[]): GuardrailVerdict[] {
  const verdicts: GuardrailVerdict[] = [];
  for (const metric of metrics) {
    if (metric.role !== "guardrail") continue;
    const tolerance = named.find((m) => m.key === metric.metric)?.definition.tolerance ?? 0;
    for (const variation of metric.variations) {
      if (variation.change === null && variation.notEnoughData === undefined) continue;
      verdicts.push(verdictOf(metric, variation, tolerance));
    }
  }
  return verdicts;
}

function verdictOf(
  metric: MetricResult,
  variation: MetricResult["variations"][number],
  tolerance: number,
): GuardrailVerdict {
  const base = { metric: metric.metric, variation: variation.variation, tolerance };
  const change = variation.change;
  if (change === null) {
    const why = variation.notEnoughData?.message ?? "no comparison";
    return {
      ...base,
      verdict: "not-enough-data",
      message: `${variation.variation}: ${metric.metric} has not enough data (${why})`,
    };
  }
  // Positive = worse, whichever way the metric is better.
  const sign = metric.direction === "higher" ? -1 : 1;
  const worse = sign * change.relative;
  const worstEnd = Math.max(sign * change.ciLow, sign * change.ciHigh);
  const bestEnd = Math.min(sign * change.ciLow, sign * change.ciHigh);
  const limit = `the ${formatPercent(tolerance, false)} tolerance`;
  const described = `${variation.variation}: ${metric.metric} ${formatChange(change)}`;
  if (bestEnd > 0 && worse > tolerance) {
    return { ...base, verdict: "breached", message: `${described}, worse than ${limit}` };
  }
  if (worstEnd <= tolerance) return { ...base, verdict: "ok", message: `${described}, within ${limit}` };
  return { ...base, verdict: "at-risk", message: `${described}, may be worse than ${limit}` };
}

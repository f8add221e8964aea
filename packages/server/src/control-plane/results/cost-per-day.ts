import type { Metric, VariationResult } from "@switchboard/core";
import type { ExperimentMetricTotals } from "@switchboard/events";

type Cost = NonNullable<VariationResult["costPerDay"]>;

const MS_PER_HOUR = 3_600_000;

// Fields measured in milliseconds of work: span time and request duration.
function isMilliseconds(field: string | undefined): boolean {
  return field !== undefined && (field === "durationMs" || /^spans\..+\.ms$/.test(field));
}

/**
 * What a change in a time metric costs per day if every unit got the treatment, at the window's traffic: the
 * absolute change times the volume it applies to per day (a ratio's denominator, e.g. SQL executions; a mean's
 * units). Null for metrics not measured in milliseconds (conversion has no CPU cost).
 */
export function costPerDay(
  metric: { key: string; definition: Metric },
  totals: ExperimentMetricTotals,
  absoluteChange: number,
  windowDays: number,
): Cost | null {
  const definition = metric.definition;
  let volume: number;
  if (
    definition.kind === "ratio" &&
    definition.numerator.aggregate === "sum" &&
    isMilliseconds(definition.numerator.field)
  ) {
    volume = totals.variations.reduce((sum, v) => {
      const stats = v.metrics[metric.key];
      return sum + (stats?.kind === "ratio" ? stats.denominatorSum : 0);
    }, 0);
  } else if (definition.kind === "mean" && definition.aggregate === "sum" && isMilliseconds(definition.field)) {
    volume = totals.variations.reduce((sum, v) => sum + v.units, 0);
  } else {
    return null;
  }
  const milliseconds = (absoluteChange * volume) / windowDays;
  if (!Number.isFinite(milliseconds) || !(windowDays > 0)) return null;
  return { milliseconds, cpuHours: milliseconds / MS_PER_HOUR };
}

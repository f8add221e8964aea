import type { ExperimentMetricsScope, ExperimentMetricTotals, ResolvedMetric } from "@switchboard/events";

/**
 * The port to the event store's unit-level aggregation (`ExperimentMetricsReader` of the events package): the
 * per-variation sufficient statistics of an experiment's metrics in a window. A fake answers fixed totals in tests.
 */
export interface MetricTotalsSource {
  read(
    scope: ExperimentMetricsScope,
    metrics: readonly ResolvedMetric[],
    variations: readonly string[],
  ): Promise<ExperimentMetricTotals>;
}

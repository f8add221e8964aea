import type { MonitorMetric } from "@switchboard/core";

/**
 * The aggregate query that reads a monitor's metric per minute over `[from, to)` (per `bucketSeconds` when given,
 * e.g. 10 for a high-rate count evaluated below the minute), optionally split by `groupBy`.
 */
export function metricQuery(
  metric: MonitorMetric,
  from: string,
  to: string,
  options: { groupBy?: string[]; bucket?: boolean; bucketSeconds?: number } = {},
): Record<string, unknown> {
  return {
    kind: "aggregate",
    from,
    to,
    environment: metric.environment,
    ...(metric.where === undefined ? {} : { where: metric.where }),
    aggregates: [{ fn: metric.fn, ...(metric.field === undefined ? {} : { field: metric.field }), as: "value" }],
    ...(options.bucket === false
      ? {}
      : { bucket: options.bucketSeconds === undefined ? "1m" : `${options.bucketSeconds}s` }),
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    limit: 10_000,
  };
}

import type { MonitorMetric } from "@switchboard/core";
import type { MinutePoint } from "./detection.js";
import { metricQuery } from "./monitor-metric-query.js";

/** Runs a query of the query language (the events package's `QueryService.query`). */
export type RunQuery = (query: unknown) => Promise<{ columns: string[]; rows: unknown[][] }>;

const toIso = (value: unknown): string => new Date(value instanceof Date ? value : String(value)).toISOString();

/**
 * The metric per minute over `[from, to)` (per `bucketSeconds` when given); buckets without events are absent (the
 * caller reads them as 0).
 */
export async function readMinutes(
  run: RunQuery,
  metric: MonitorMetric,
  from: string,
  to: string,
  bucketSeconds?: number,
): Promise<MinutePoint[]> {
  const result = await run(metricQuery(metric, from, to, bucketSeconds === undefined ? {} : { bucketSeconds }));
  const time = result.columns.indexOf("time");
  const value = result.columns.indexOf("value");
  return result.rows.map((row) => ({ at: toIso(row[time]), value: Number(row[value] ?? 0) }));
}

/** The metric's total over `[from, to)` per value of `field` (e.g. `assignments.new-checkout`). */
export async function readSplit(
  run: RunQuery,
  metric: MonitorMetric,
  field: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const result = await run(metricQuery(metric, from, to, { groupBy: [field], bucket: false }));
  const key = result.columns.indexOf(field);
  const value = result.columns.indexOf("value");
  return new Map(result.rows.map((row) => [row[key] === null ? "(none)" : String(row[key]), Number(row[value] ?? 0)]));
}

/** Distinct units per value of `field` among every event of the environment over `[from, to)`. */
export async function readUnitsBy(
  run: RunQuery,
  environment: string,
  field: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const result = await run({
    kind: "aggregate",
    from,
    to,
    environment,
    groupBy: [field],
    aggregates: [{ fn: "count_distinct", field: "unit", as: "units" }],
    limit: 10_000,
  });
  const key = result.columns.indexOf(field);
  const units = result.columns.indexOf("units");
  return new Map(result.rows.map((row) => [row[key] === null ? "(none)" : String(row[key]), Number(row[units] ?? 0)]));
}

import type { Metric } from "@switchboard/core";
import { DEFAULT_QUERY, type ExplorerQuery, type Filter, queryToUrl } from "../explorer/explorer-query.js";

/** What the links of one experiment's results need: where it ran, in which window, through which flag. */
export interface ResultsScope {
  experiment: string;
  flag: string | null;
  environment: string;
  start: string;
  /** null while the phase runs: the explorer's range then ends now. */
  end: string | null;
}

function base(scope: ResultsScope): ExplorerQuery {
  return { ...DEFAULT_QUERY, from: scope.start, to: scope.end ?? "", environment: scope.environment };
}

/** The events a metric counts: its own filter and, for a ratio, its numerator's. */
export function metricFilters(metric: Metric | undefined): Filter[] {
  if (metric === undefined) return [];
  const own = (metric.where ?? []) as Filter[];
  return metric.kind === "ratio" ? [...own, ...((metric.numerator.where ?? []) as Filter[])] : own;
}

// The field a metric sums or ranks, so the explorer can show it next to the count.
function metricField(metric: Metric | undefined): string | undefined {
  if (metric === undefined) return undefined;
  if (metric.kind === "ratio") return metric.numerator.field;
  if (metric.kind === "mean" || metric.kind === "quantile") return metric.field;
  return undefined;
}

/** The exposure records behind a variation's unit count. */
export function unitsLink(scope: ResultsScope, variation: string): string {
  const where: Filter[] = [
    { field: "experiment", op: "=", value: scope.experiment },
    { field: "variation", op: "=", value: variation },
  ];
  return queryToUrl({ ...base(scope), kind: "events", source: "exposures", where }, true);
}

/**
 * The raw events behind a variation's value: the metric's events that carry the variation in their assignments.
 * (The store joins events to exposures by unit; the explorer cannot, so events without assignments are not listed.)
 */
export function valueLink(scope: ResultsScope, metric: Metric | undefined, variation: string): string {
  const assignment: Filter[] =
    scope.flag === null ? [] : [{ field: `assignments.${scope.flag}`, op: "=", value: variation }];
  return queryToUrl({ ...base(scope), kind: "events", where: [...metricFilters(metric), ...assignment] }, true);
}

/** The control and a treatment side by side: the metric's events counted per variation (and its field's mean). */
export function comparisonLink(scope: ResultsScope, metric: Metric | undefined, variations: string[]): string {
  const field = metricField(metric);
  const where: Filter[] =
    scope.flag === null
      ? metricFilters(metric)
      : [...metricFilters(metric), { field: `assignments.${scope.flag}`, op: "in", value: variations }];
  return queryToUrl(
    {
      ...base(scope),
      kind: "aggregate",
      where,
      groupBy: scope.flag === null ? [] : [`assignments.${scope.flag}`],
      aggregates: field === undefined ? [{ fn: "count" }] : [{ fn: "count" }, { fn: "avg", field }],
    },
    true,
  );
}

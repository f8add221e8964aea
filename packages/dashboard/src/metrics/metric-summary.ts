import type { EventAggregate, EventFilter, Metric } from "@switchboard/core";

/** One line about what a metric computes, for lists: "ratio: sum(spans.sql.ms) / sum(spans.sql.count) · lower is better". */
export function describeMetric(metric: Metric): string {
  const parts = [`${metric.kind}: ${computation(metric)}`];
  if (metric.where !== undefined && metric.where.length > 0) parts.push(`where ${filtersText(metric.where)}`);
  if (metric.window !== undefined) parts.push(`within ${metric.window}`);
  parts.push(`${metric.direction ?? "higher"} is better`);
  if (metric.tolerance !== undefined) parts.push(`guardrail tolerance ${Math.round(metric.tolerance * 10_000) / 100}%`);
  return parts.join(" · ");
}

function computation(metric: Metric): string {
  switch (metric.kind) {
    case "proportion":
      return "units with a matching event";
    case "mean":
      return `${aggregateText({ aggregate: metric.aggregate, ...(metric.field === undefined ? {} : { field: metric.field }) })} per unit${
        metric.cap === undefined
          ? ""
          : "absolute" in metric.cap
            ? `, capped at ${metric.cap.absolute}`
            : `, capped at the ${metric.cap.percentile} percentile`
      }`;
    case "ratio":
      return `${aggregateText(metric.numerator)} / ${aggregateText(metric.denominator)}`;
    case "quantile":
      return `${metric.quantile} of ${metric.field}`;
  }
}

function aggregateText(part: EventAggregate): string {
  const base = part.aggregate === "count" ? "count" : `sum(${part.field ?? "?"})`;
  return part.where === undefined || part.where.length === 0 ? base : `${base} where ${filtersText(part.where)}`;
}

function filtersText(filters: readonly EventFilter[]): string {
  return filters
    .map((f) => (f.op === "exists" ? `${f.field} exists` : `${f.field} ${f.op} ${JSON.stringify(f.value)}`))
    .join(" and ");
}

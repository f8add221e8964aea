import type { ExperimentMeta } from "./flag-set-schema.js";
import type { EventAggregate, Metric } from "./metric-schema.js";
import type { Problem } from "./problem.js";
import { formatPath, type PathSegment } from "./problem-path.js";
import { listOf } from "./rule-checks.js";

/**
 * Every problem of one structurally valid metric that its shape cannot show: a sum needs a field, a count takes
 * none. Whether a field exists in the event schema is the events package's check (`metricFieldProblems`).
 */
export function metricProblems(key: string, metric: Metric): Problem[] {
  const path: PathSegment[] = ["metrics", key];
  switch (metric.kind) {
    case "mean":
      return aggregateProblems(metric, path);
    case "ratio":
      return [
        ...aggregateProblems(metric.numerator, [...path, "numerator"]),
        ...aggregateProblems(metric.denominator, [...path, "denominator"]),
      ];
    default:
      return [];
  }
}

function aggregateProblems(part: Pick<EventAggregate, "aggregate" | "field">, path: PathSegment[]): Problem[] {
  if (part.aggregate === "sum" && part.field === undefined) {
    return [
      { path: formatPath([...path, "field"]), message: 'is required when aggregate is "sum" (the field summed)' },
    ];
  }
  if (part.aggregate === "count" && part.field !== undefined) {
    const message =
      'must be left out when aggregate is "count" (to count events that have it, add {op: "exists"} to where)';
    return [{ path: formatPath([...path, "field"]), message }];
  }
  return [];
}

const METRIC_LISTS = ["metrics", "secondaryMetrics", "guardrails"] as const;

/** Every metric an experiment names that the flag set does not define (checked only when it defines metrics). */
export function experimentMetricProblems(
  key: string,
  experiment: ExperimentMeta,
  defined: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const list of METRIC_LISTS) {
    (experiment[list] ?? []).forEach((name, index) => {
      if (defined.has(name)) return;
      const message = `names no defined metric (${listOf([...defined])})`;
      problems.push({ path: formatPath(["experiments", key, list, index]), message });
    });
  }
  return problems;
}

import type { ErrorDetail, EventAggregate, Metric, MetricCap } from "@switchboard/core";
import { type FieldRef, isNumericField } from "../query/field-ref.js";
import { resolveValueField } from "../query/resolve-aggregate.js";
import { type ResolvedFilter, resolveFilter } from "../query/resolve-filter.js";

/** What a unit contributes per matching event: 1 (count) or a numeric field (sum, missing = 0). */
export type ResolvedEventValue = { aggregate: "count" } | { aggregate: "sum"; field: FieldRef };

/** A part of a ratio: its value per event and its own filters (on top of the metric's). */
export interface ResolvedRatioPart {
  value: ResolvedEventValue;
  where: readonly ResolvedFilter[];
}

interface ResolvedCommon {
  key: string;
  /** The events that count. */
  where: readonly ResolvedFilter[];
  /** Only events this many microseconds after first exposure count; undefined = until the analysis end. */
  windowMicros: number | undefined;
}

/** A metric definition checked against the event schema, ready to compile. */
export type ResolvedMetric =
  | (ResolvedCommon & { kind: "proportion" })
  | (ResolvedCommon & { kind: "mean"; value: ResolvedEventValue; cap: MetricCap | undefined })
  | (ResolvedCommon & { kind: "ratio"; numerator: ResolvedRatioPart; denominator: ResolvedRatioPart })
  | (ResolvedCommon & { kind: "quantile"; field: FieldRef; level: number });

const WINDOW_UNIT_MICROS: Readonly<Record<string, number>> = { m: 60e6, h: 3600e6, d: 86_400e6 };
const QUANTILE_LEVELS: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/**
 * Resolves a (structurally valid) metric definition against the event schema: every filter and field must name a
 * known field, summed fields must hold numbers. Problems are added with paths under `path` (e.g. `metrics.sql-ms`);
 * undefined when there is any.
 */
export function resolveMetric(
  key: string,
  metric: Metric,
  path: string,
  problems: ErrorDetail[],
): ResolvedMetric | undefined {
  const before = problems.length;
  const common: ResolvedCommon = {
    key,
    where: resolveFilters(metric.where, `${path}where`, problems),
    windowMicros: metric.window === undefined ? undefined : windowMicros(metric.window),
  };
  let resolved: ResolvedMetric | undefined;
  switch (metric.kind) {
    case "proportion":
      resolved = { ...common, kind: "proportion" };
      break;
    case "mean": {
      const value = resolveEventValue(metric, path, problems);
      resolved = value && { ...common, kind: "mean", value, cap: metric.cap };
      break;
    }
    case "ratio": {
      const numerator = resolveRatioPart(metric.numerator, `${path}numerator.`, problems);
      const denominator = resolveRatioPart(metric.denominator, `${path}denominator.`, problems);
      resolved = numerator && denominator && { ...common, kind: "ratio", numerator, denominator };
      break;
    }
    case "quantile": {
      const field = numericField(metric.field, `${path}field`, problems);
      resolved = field && { ...common, kind: "quantile", field, level: QUANTILE_LEVELS[metric.quantile] ?? 0.5 };
      break;
    }
  }
  return problems.length > before ? undefined : resolved;
}

/**
 * Every problem of a metric's filters and fields against the event schema (an unknown field, text where a number
 * is needed), each with its path under `path` (`""` for a metric body, `metrics.<key>.` inside a flag set).
 */
export function metricFieldProblems(key: string, metric: Metric, path = ""): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  resolveMetric(key, metric, path, problems);
  return problems;
}

function windowMicros(text: string): number {
  return Number(text.slice(0, -1)) * (WINDOW_UNIT_MICROS[text.slice(-1)] ?? 0);
}

function resolveFilters(filters: Metric["where"], path: string, problems: ErrorDetail[]): ResolvedFilter[] {
  const resolved = (filters ?? []).map((filter, i) => resolveFilter(filter, `${path}[${i}]`, problems));
  return resolved.filter((filter): filter is ResolvedFilter => filter !== undefined);
}

function resolveRatioPart(part: EventAggregate, path: string, problems: ErrorDetail[]): ResolvedRatioPart | undefined {
  const value = resolveEventValue(part, path, problems);
  const where = resolveFilters(part.where, `${path}where`, problems);
  return value && { value, where };
}

function resolveEventValue(
  part: Pick<EventAggregate, "aggregate" | "field">,
  path: string,
  problems: ErrorDetail[],
): ResolvedEventValue | undefined {
  if (part.aggregate === "count") return { aggregate: "count" };
  if (part.field === undefined) {
    problems.push({ path: `${path}field`, message: 'is required when aggregate is "sum"' });
    return undefined;
  }
  const field = numericField(part.field, `${path}field`, problems);
  return field && { aggregate: "sum", field };
}

function numericField(path: string, where: string, problems: ErrorDetail[]): FieldRef | undefined {
  const ref = resolveValueField(path, where, problems);
  if (ref === undefined) return undefined;
  if (!isNumericField(ref)) {
    problems.push({ path: where, message: `must hold numbers; ${ref.path} holds text` });
    return undefined;
  }
  return ref;
}

import type { ErrorDetail } from "@switchboard/core";
import { type EventSource, type FieldRef, isNumericField, parseFieldPath } from "./field-ref.js";
import type { Aggregate, AggregateFn } from "./query-schema.js";
import type { ResolvedAggregate } from "./resolved-query.js";

const NEEDS_NUMBER = new Set<AggregateFn>(["sum", "avg", "p50", "p90", "p95", "p99", "ratio"]);
const NEEDS_FIELD = new Set<AggregateFn>([...NEEDS_NUMBER, "count_distinct", "min", "max"]);

/** Resolves one aggregate over rows of `source` (fields and result name), adding problems with their paths. */
export function resolveAggregate(
  aggregate: Aggregate,
  path: string,
  problems: ErrorDetail[],
  source: EventSource = "events",
): ResolvedAggregate | undefined {
  const before = problems.length;
  const field = resolveValueField(aggregate.field, `${path}.field`, problems, source);
  const per = resolveValueField(aggregate.per, `${path}.per`, problems, source);
  const { fn } = aggregate;
  if (NEEDS_FIELD.has(fn) && aggregate.field === undefined) {
    problems.push({ path: `${path}.field`, message: `is required for ${fn}` });
  }
  if (fn === "ratio" && aggregate.per === undefined) {
    problems.push({ path: `${path}.per`, message: "is required for ratio (sum(field) / sum(per))" });
  }
  if (fn !== "ratio" && aggregate.per !== undefined) {
    problems.push({ path: `${path}.per`, message: "is only for ratio" });
  }
  const numeric = NEEDS_NUMBER.has(fn) || fn === "rate";
  if (numeric && field !== undefined && !isNumericField(field)) {
    problems.push({ path: `${path}.field`, message: `${fn} needs a numeric field; ${field.path} holds text` });
  }
  if (per !== undefined && !isNumericField(per)) {
    problems.push({ path: `${path}.per`, message: `ratio needs a numeric field; ${per.path} holds text` });
  }
  if (problems.length > before) return undefined;
  return { fn, field, per, name: aggregate.as ?? defaultName(fn, field, per) };
}

/** Resolves a field that is grouped or aggregated (any field but message). */
export function resolveValueField(
  path: string | undefined,
  where: string,
  problems: ErrorDetail[],
  source: EventSource = "events",
): FieldRef | undefined {
  if (path === undefined) return undefined;
  const ref = parseFieldPath(path, source);
  if ("error" in ref) {
    problems.push({ path: where, message: ref.error });
    return undefined;
  }
  if (ref.kind === "message") {
    problems.push({ path: where, message: "message can only be filtered on (use messages-diff to compare messages)" });
    return undefined;
  }
  return ref;
}

function defaultName(fn: AggregateFn, field: FieldRef | undefined, per: FieldRef | undefined): string {
  if (fn === "ratio") return `sum(${field?.path})/sum(${per?.path})`;
  return field === undefined ? fn : `${fn}(${field.path})`;
}

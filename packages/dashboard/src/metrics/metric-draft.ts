import type { EventAggregate, Metric, MetricKind, MetricQuantile } from "@switchboard/core";
import type { Filter } from "../explorer/explorer-query.js";

/** A count or sum over events, as the form edits it (a ratio's numerator or denominator). */
export interface AggregateDraft {
  aggregate: "count" | "sum";
  field: string;
  where: Filter[];
}

/**
 * A metric definition as the form edits it: every kind's inputs at once (switching kind keeps what was typed), and
 * numbers as the text typed, so a wrong number reaches the server and comes back named at its field.
 */
export interface MetricDraft {
  name: string;
  kind: MetricKind;
  description: string;
  owner: string;
  direction: "higher" | "lower";
  tolerance: string;
  window: string;
  where: Filter[];
  aggregate: "count" | "sum";
  field: string;
  cap: "none" | "absolute" | "percentile";
  capValue: string;
  quantile: MetricQuantile;
  numerator: AggregateDraft;
  denominator: AggregateDraft;
}

/** What "New metric" starts from; `name` is prefilled when an experiment names a metric nobody defined. */
export function emptyDraft(name = ""): MetricDraft {
  return {
    name,
    kind: "proportion",
    description: "",
    owner: "",
    direction: "higher",
    tolerance: "",
    window: "",
    where: [],
    aggregate: "count",
    field: "",
    cap: "none",
    capValue: "",
    quantile: "p95",
    numerator: { aggregate: "sum", field: "", where: [] },
    denominator: { aggregate: "sum", field: "", where: [] },
  };
}

/** The form's inputs for a stored metric. */
export function draftFromMetric(name: string, metric: Metric): MetricDraft {
  const draft: MetricDraft = {
    ...emptyDraft(name),
    kind: metric.kind,
    description: metric.description ?? "",
    owner: metric.owner ?? "",
    direction: metric.direction ?? "higher",
    tolerance: metric.tolerance === undefined ? "" : String(metric.tolerance),
    window: metric.window ?? "",
    where: metric.where ?? [],
  };
  switch (metric.kind) {
    case "proportion":
      return draft;
    case "mean": {
      const cap = metric.cap;
      return {
        ...draft,
        aggregate: metric.aggregate,
        field: metric.field ?? "",
        cap: cap === undefined ? "none" : "absolute" in cap ? "absolute" : "percentile",
        capValue: cap === undefined ? "" : String("absolute" in cap ? cap.absolute : cap.percentile),
      };
    }
    case "ratio":
      return { ...draft, numerator: aggregateDraft(metric.numerator), denominator: aggregateDraft(metric.denominator) };
    case "quantile":
      return { ...draft, field: metric.field, quantile: metric.quantile };
  }
}

/**
 * The body the API takes for the draft (without the name): only the chosen kind's keys, empty inputs left out. The
 * server is the judge of the rest; its problems come back with paths the form shows at the fields.
 */
export function metricBody(draft: MetricDraft): Record<string, unknown> {
  const common = {
    kind: draft.kind,
    ...text("description", draft.description),
    ...text("owner", draft.owner),
    direction: draft.direction,
    ...number("tolerance", draft.tolerance),
    ...text("window", draft.window),
    ...(draft.where.length === 0 ? {} : { where: draft.where }),
  };
  switch (draft.kind) {
    case "proportion":
      return common;
    case "mean":
      return {
        ...common,
        aggregate: draft.aggregate,
        ...(draft.aggregate === "sum" ? text("field", draft.field) : {}),
        ...(draft.cap === "none" ? {} : { cap: number(draft.cap, draft.capValue, true) }),
      };
    case "ratio":
      return { ...common, numerator: aggregateBody(draft.numerator), denominator: aggregateBody(draft.denominator) };
    case "quantile":
      return { ...common, field: draft.field.trim(), quantile: draft.quantile };
  }
}

function aggregateDraft(part: EventAggregate): AggregateDraft {
  return { aggregate: part.aggregate, field: part.field ?? "", where: part.where ?? [] };
}

function aggregateBody(part: AggregateDraft): Record<string, unknown> {
  return {
    aggregate: part.aggregate,
    ...(part.aggregate === "sum" ? text("field", part.field) : {}),
    ...(part.where.length === 0 ? {} : { where: part.where }),
  };
}

function text(key: string, value: string): Record<string, string> {
  const trimmed = value.trim();
  return trimmed === "" ? {} : { [key]: trimmed };
}

// A number as typed; text that is no number is sent as text so that the server's answer names the field.
function number(key: string, value: string, keepEmpty = false): Record<string, number | string> {
  const trimmed = value.trim();
  if (trimmed === "" && !keepEmpty) return {};
  const parsed = Number(trimmed);
  return { [key]: trimmed !== "" && Number.isFinite(parsed) ? parsed : trimmed };
}

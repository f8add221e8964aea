import { type Static, Type } from "@sinclair/typebox";
import { EventFieldPath, EventFilterSchema } from "./event-filter-schema.js";
import { DescriptionText, LabelText } from "./text-limits.js";

/** Most filters in one metric's `where` (or a ratio part's). */
export const MAX_METRIC_FILTERS = 20;

/** The quantiles a `quantile` metric can report. */
export const METRIC_QUANTILES = ["p50", "p90", "p95", "p99"] as const;

/** The kinds of metric: share of units, per-unit mean, ratio of sums, quantile of a per-event value. */
export const METRIC_KINDS = ["proportion", "mean", "ratio", "quantile"] as const;

/** A time span after a unit's first exposure, e.g. `30m`, `24h`, `7d`. */
export const MetricWindow = Type.String({
  pattern: "^[1-9][0-9]{0,5}(m|h|d)$",
  description:
    "Only events this long after the unit's first exposure count, e.g. 24h or 7d; default: until the end of the analysis.",
});

const Where = Type.Array(EventFilterSchema, {
  maxItems: MAX_METRIC_FILTERS,
  description: "The events that count (filters of the query language, all must hold); every event when left out.",
});

const common = {
  description: Type.Optional(DescriptionText()),
  owner: Type.Optional(LabelText()),
  direction: Type.Optional(
    Type.Union([Type.Literal("higher"), Type.Literal("lower")], {
      default: "higher",
      description: "Which way is better: higher (conversion, bookings) or lower (latency, errors).",
    }),
  ),
  tolerance: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 10,
      description:
        "As a guardrail: the worst acceptable relative change in the bad direction (0.05 = 5% worse); breached when the interval lies beyond it.",
    }),
  ),
  window: Type.Optional(MetricWindow),
  where: Type.Optional(Where),
};

/** How one number per event is summed over a unit's events: events counted, or a numeric field summed. */
export const EventAggregateSchema = Type.Object(
  {
    aggregate: Type.Union([Type.Literal("count"), Type.Literal("sum")], {
      description: "count: matching events; sum: the field summed over matching events (missing counts as 0).",
    }),
    field: Type.Optional(EventFieldPath),
    where: Type.Optional(Where),
  },
  { additionalProperties: false },
);

/** Share of exposed units with at least one matching event in the window. */
export const ProportionMetricSchema = Type.Object(
  { kind: Type.Literal("proportion"), ...common },
  { additionalProperties: false },
);

/** Capping of per-unit values, against outliers: at a fixed value, or at a percentile of all units' values. */
export const MetricCapSchema = Type.Union([
  Type.Object({ absolute: Type.Number({ exclusiveMinimum: 0 }) }, { additionalProperties: false }),
  Type.Object(
    { percentile: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }) },
    { additionalProperties: false },
  ),
]);

/** Per-unit count or sum over matching events after first exposure; units without one count as 0. */
export const MeanMetricSchema = Type.Object(
  {
    kind: Type.Literal("mean"),
    ...common,
    aggregate: EventAggregateSchema.properties.aggregate,
    field: Type.Optional(EventFieldPath),
    cap: Type.Optional(MetricCapSchema),
  },
  { additionalProperties: false },
);

/** `sum(numerator) / sum(denominator)` over matching events, e.g. SQL milliseconds per execution. */
export const RatioMetricSchema = Type.Object(
  { kind: Type.Literal("ratio"), ...common, numerator: EventAggregateSchema, denominator: EventAggregateSchema },
  { additionalProperties: false },
);

/** A quantile of a per-event value (e.g. `durationMs`) over matching events after first exposure. */
export const QuantileMetricSchema = Type.Object(
  {
    kind: Type.Literal("quantile"),
    ...common,
    field: EventFieldPath,
    quantile: Type.Union(METRIC_QUANTILES.map((q) => Type.Literal(q))),
  },
  { additionalProperties: false },
);

/** A named computation over the events of exposed units, analysed per experiment variation. */
export const MetricSchema = Type.Union([
  ProportionMetricSchema,
  MeanMetricSchema,
  RatioMetricSchema,
  QuantileMetricSchema,
]);

/** A metric definition. */
export type Metric = Static<typeof MetricSchema>;
/** The kind of a metric. */
export type MetricKind = (typeof METRIC_KINDS)[number];
/** A count or sum over events. */
export type EventAggregate = Static<typeof EventAggregateSchema>;
/** A capping rule. */
export type MetricCap = Static<typeof MetricCapSchema>;
/** One of p50, p90, p95, p99. */
export type MetricQuantile = (typeof METRIC_QUANTILES)[number];

import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { EventFieldPath, EventFilterSchema as FilterSchema } from "@switchboard/core";

/** Most filters in one list (`where`, `selection`, `baseline`). */
export const MAX_FILTERS = 100;
/** Most rows an aggregate answers. */
export const MAX_AGGREGATE_ROWS = 10_000;
/** Most events one page of a drill-down answers. */
export const MAX_EVENTS_PAGE = 1000;

// The filter of the language is part of the flag model (metric definitions hold filters), so core defines it.
export {
  EVENT_FILTER_OPS as FILTER_OPS,
  type EventFilter as Filter,
  type EventFilterOp as FilterOp,
  EventFilterSchema as FilterSchema,
  MAX_FILTER_IN_VALUES as MAX_IN_VALUES,
} from "@switchboard/core";

const FieldPath = EventFieldPath;
const Duration = Type.String({ pattern: "^[1-9][0-9]{0,6}(s|m|h|d)$", description: "e.g. 30s, 1m, 24h, 7d" });

const Filters = Type.Array(FilterSchema, { maxItems: MAX_FILTERS });

/** Every aggregate function; `ratio` is `sum(field) / sum(per)`, e.g. SQL milliseconds per execution. */
export const AGGREGATE_FNS = [
  "count",
  "count_distinct",
  "sum",
  "avg",
  "min",
  "max",
  "p50",
  "p90",
  "p95",
  "p99",
  "rate",
  "ratio",
] as const;

/** One aggregate column; `as` names it in the result (a default name is derived otherwise). */
export const AggregateSchema = Type.Object(
  {
    fn: Type.Union(AGGREGATE_FNS.map((fn) => Type.Literal(fn))),
    field: Type.Optional(FieldPath),
    per: Type.Optional(FieldPath),
    as: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const OrderSchema = Type.Object(
  { by: Type.String({ minLength: 1, maxLength: 400 }), desc: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

// The scope every kind shares: time range, environment, release and filters.
const scope = {
  from: Type.Optional(Type.String({ maxLength: 40, description: "ISO 8601, inclusive" })),
  to: Type.Optional(Type.String({ maxLength: 40, description: "ISO 8601, exclusive; default now" })),
  last: Type.Optional(Duration),
  environment: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  release: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  where: Type.Optional(Filters),
  explain: Type.Optional(Type.Boolean({ description: "also answer the SQL and its parameters" })),
};

/** The rows a query reads: wide events (default) or exposure records, whose fields are their own columns. */
const Source = Type.Optional(
  Type.Union([Type.Literal("events"), Type.Literal("exposures")], {
    description:
      "events (default) or exposures (fields: id, ts, unit, hashAttribute, flag, variation, ruleId, experiment, inExperiment, environment, release)",
  }),
);

/** Group by fields, aggregate, optionally per time bucket. */
export const AggregateQuerySchema = Type.Object(
  {
    kind: Type.Literal("aggregate"),
    source: Source,
    ...scope,
    groupBy: Type.Optional(Type.Array(FieldPath, { maxItems: 10 })),
    aggregates: Type.Array(AggregateSchema, { minItems: 1, maxItems: 20 }),
    bucket: Type.Optional(Duration),
    orderBy: Type.Optional(Type.Array(OrderSchema, { maxItems: 10 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AGGREGATE_ROWS })),
  },
  { additionalProperties: false },
);

/** The raw events of a scope, newest first, a page at a time. */
export const EventsQuerySchema = Type.Object(
  {
    kind: Type.Literal("events"),
    source: Source,
    ...scope,
    fields: Type.Optional(Type.Array(FieldPath, { maxItems: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EVENTS_PAGE })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Messages that appear in the selection but never in the baseline (both inside the scope). */
export const MessagesDiffQuerySchema = Type.Object(
  {
    kind: Type.Literal("messages-diff"),
    ...scope,
    selection: Filters,
    baseline: Filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AGGREGATE_ROWS })),
  },
  { additionalProperties: false },
);

/** Messages that appear since a release was first seen and never before it (inside the scope). */
export const NewMessagesQuerySchema = Type.Object(
  {
    kind: Type.Literal("new-messages"),
    ...scope,
    sinceRelease: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AGGREGATE_ROWS })),
  },
  { additionalProperties: false },
);

/**
 * Most filters in a BubbleUp's selection or baseline. Each is evaluated once per dimension, so the aggregate's
 * 100 × 1,000-value lists times 50 dimensions would exhaust the event store's memory; a selection drawn on a
 * chart needs a handful.
 */
export const MAX_BUBBLEUP_FILTERS = 20;

/** Every dimension ranked by how differently its values are distributed in the selection and the baseline. */
export const BubbleUpQuerySchema = Type.Object(
  {
    kind: Type.Literal("bubbleup"),
    ...scope,
    selection: Type.Array(FilterSchema, { minItems: 1, maxItems: MAX_BUBBLEUP_FILTERS }),
    baseline: Type.Optional(Type.Array(FilterSchema, { maxItems: MAX_BUBBLEUP_FILTERS })),
    dimensions: Type.Array(FieldPath, { minItems: 1, maxItems: 50 }),
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

/** Most keys a `field-keys` query answers. */
export const MAX_FIELD_KEYS = 1000;

/**
 * The keys under `fields` that events of the scope carry, most frequent first: what a filter, a group-by or a rule
 * condition can name (the rule editor offers them as attributes).
 */
export const FieldKeysQuerySchema = Type.Object(
  {
    kind: Type.Literal("field-keys"),
    ...scope,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FIELD_KEYS })),
  },
  { additionalProperties: false },
);

/** The JSON Schema of a query (the body of `POST /api/v1/query`). */
export const QuerySchema: TSchema = Type.Union(
  [
    AggregateQuerySchema,
    EventsQuerySchema,
    MessagesDiffQuerySchema,
    NewMessagesQuerySchema,
    BubbleUpQuerySchema,
    FieldKeysQuerySchema,
  ],
  { description: "A query over stored events; `kind` says which." },
);

/** An aggregate as written. */
export type Aggregate = Static<typeof AggregateSchema>;
/** An aggregate function name. */
export type AggregateFn = (typeof AGGREGATE_FNS)[number];
/** A group-by/aggregate query. */
export type AggregateQuery = Static<typeof AggregateQuerySchema>;
/** A raw-event drill-down. */
export type EventsQuery = Static<typeof EventsQuerySchema>;
/** Messages in a selection never seen in a baseline. */
export type MessagesDiffQuery = Static<typeof MessagesDiffQuerySchema>;
/** Messages new since a release. */
export type NewMessagesQuery = Static<typeof NewMessagesQuerySchema>;
/** A BubbleUp comparison. */
export type BubbleUpQuery = Static<typeof BubbleUpQuerySchema>;
/** The field keys of a scope. */
export type FieldKeysQuery = Static<typeof FieldKeysQuerySchema>;
/** Any query. */
export type Query =
  | AggregateQuery
  | EventsQuery
  | MessagesDiffQuery
  | NewMessagesQuery
  | BubbleUpQuery
  | FieldKeysQuery;

import { type Static, Type } from "@sinclair/typebox";

/** Longest `in` list; longer lists belong in a segment or a group-by. */
export const MAX_FILTER_IN_VALUES = 1000;

/** Every filter operator of the event query language. */
export const EVENT_FILTER_OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "contains", "exists", "regex"] as const;

/** A field path of a wide event: a typed column or `fields.<key>`, `spans.<name>.ms`, `counters.<name>`, ... */
export const EventFieldPath = Type.String({
  minLength: 1,
  maxLength: 300,
  description: "e.g. durationMs, fields.http.route",
});

const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]);

/**
 * One condition on a field of a wide event; `exists` takes `true` (default) or `false`, `in` a list. Shared by the
 * query language (`@switchboard/events`) and metric definitions, which the flag model stores.
 */
export const EventFilterSchema = Type.Object(
  {
    field: EventFieldPath,
    op: Type.Union(EVENT_FILTER_OPS.map((op) => Type.Literal(op))),
    value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar, { maxItems: MAX_FILTER_IN_VALUES })])),
  },
  { additionalProperties: false },
);

/** A filter as written. */
export type EventFilter = Static<typeof EventFilterSchema>;
/** A filter operator. */
export type EventFilterOp = (typeof EVENT_FILTER_OPS)[number];

import { type ObjectOptions, type Static, type TSchema, Type } from "@sinclair/typebox";

/**
 * The wire format of what SDKs send to the ingest endpoint (`POST /api/v1/events`), written once: the TypeScript
 * types (`event-types.ts`), the published JSON Schema (`schema/ingest-item.schema.json`) and ingest's validation
 * all derive from these schemas. Objects stay open (unknown fields are kept in `raw`), so older servers accept
 * newer SDKs. `errorMessage` is the answer ingest gives for a value that breaks that part of the schema (and any
 * part below it without its own); elsewhere the answer is derived from the schema (`wire-problems.ts`).
 */

/** Longest accepted id, name, unit, flag, variation or similar text value. */
export const MAX_WIRE_TEXT_CHARS = 1_000;

// RFC 3339 `date-time` with a mandatory offset; ingest also checks the calendar and the accepted time window.
const RFC_3339_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})$";

/** The answer for a `ts` that is not an RFC 3339 date-time with a time zone. */
export const EVENT_TIME_MESSAGE =
  "must be an ISO 8601 date-time in RFC 3339 form with a time zone, e.g. 2026-03-01T12:00:00.000Z";

const RequiredText = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: MAX_WIRE_TEXT_CHARS,
    description,
    errorMessage: `is required: a non-empty string of at most ${MAX_WIRE_TEXT_CHARS} characters`,
  });

const OptionalText = (description: string) =>
  Type.Optional(
    Type.String({
      maxLength: MAX_WIRE_TEXT_CHARS,
      description,
      errorMessage: `must be a string of at most ${MAX_WIRE_TEXT_CHARS} characters`,
    }),
  );

const FiniteNumber = (description?: string) => Type.Number(description === undefined ? {} : { description });

// Open objects rather than `Type.Record`: the compiled check of a record tests every key against its key pattern,
// a cost paid per key of every event on the ingest hot path; the JSON Schema says the same either way.
const NamedValues = <T extends TSchema>(values: T, options: ObjectOptions = {}) =>
  Type.Unsafe<Record<string, Static<T>>>(Type.Object({}, { ...options, additionalProperties: values }));
const AnyFields = (options: ObjectOptions = {}) => Type.Unsafe<Record<string, unknown>>(Type.Object({}, options));

/** The fields every item carries, in the order ingest reports their problems. */
const itemHead = {
  id: RequiredText("Unique per item (random), so that a retried batch cannot double it."),
  ts: Type.String({
    pattern: RFC_3339_PATTERN,
    description: "When it happened (an event: when the request started), RFC 3339 with a time zone.",
    errorMessage: EVENT_TIME_MESSAGE,
  }),
  release: OptionalText("Release (git sha) of the code that sent it."),
  environment: Type.Optional(
    Type.String({ description: "When present, the environment of the SDK key that sends the batch." }),
  ),
};

/** Aggregated time of every span with one name in one event, e.g. `spans.sql = { ms: 41.2, count: 7 }`. */
export const SpanTotalSchema = Type.Object(
  { ms: FiniteNumber(), count: Type.Integer({ minimum: 0 }) },
  { errorMessage: "must be { ms: number, count: number }" },
);

/** One timed section as it happened, with its children: nesting is kept here, totals live in `spans`. */
export const SpanNodeSchema = Type.Recursive(
  (This) =>
    Type.Object({
      name: Type.String(),
      startMs: FiniteNumber("Milliseconds since the event started."),
      ms: FiniteNumber(),
      children: Type.Optional(Type.Array(This)),
    }),
  { $id: "SpanNode" },
);

/** An ordered log line inside an event (`ev.message(text, fields)`). */
export const EventMessageSchema = Type.Object(
  {
    atMs: FiniteNumber("Milliseconds since the event started."),
    text: Type.String(),
    fields: Type.Optional(AnyFields({ errorMessage: "must be an object" })),
  },
  { errorMessage: "must be { atMs: number, text: string }" },
);

/** One wide, structured record per request or job: the "hash of hashes". */
export const WideEventSchema = Type.Object({
  type: Type.Literal("event"),
  v: Type.Optional(
    Type.Union([Type.Literal(1), Type.Literal(2)], {
      description:
        "The event format: 1 (or absent) has `fields` nested; 2 has `fields` keyed by flat dotted keys " +
        '(`"http.route": "/a"`), which the server nests on arrival, so both are stored the same.',
      errorMessage: "must be 1 or 2 (the event format version)",
    }),
  ),
  ...itemHead,
  name: RequiredText("What kind of work: `request`, `job`, `checkout`…"),
  unit: OptionalText("The unit (hash-attribute value) the request was for, when known."),
  durationMs: Type.Optional(Type.Number({ minimum: 0, errorMessage: "must be a number of milliseconds ≥ 0" })),
  sampleRate: Type.Optional(
    Type.Number({
      minimum: 1,
      description:
        "How many events this one stands for: the SDK kept 1 in `sampleRate` of its kind (absent = 1, unsampled). " +
        "Every count, sum, rate and percentile of the query language and the experiment analysis weights by it.",
      errorMessage: "must be a finite number ≥ 1 (how many events this one stands for)",
    }),
  ),
  status: Type.Optional(
    Type.Union([FiniteNumber(), Type.String()], {
      description: "HTTP status or an outcome such as `ok` / `error`.",
      errorMessage: "must be a number or a string",
    }),
  ),
  assignments: Type.Optional(
    NamedValues(Type.String({ maxLength: MAX_WIRE_TEXT_CHARS, errorMessage: "must be a variation key (string)" }), {
      description: "The assignment vector: every flag evaluated during the event → the variation key it served.",
    }),
  ),
  counters: Type.Optional(NamedValues(FiniteNumber(), { description: "Counters added with `ev.add(name, n)`." })),
  spans: Type.Optional(
    NamedValues(SpanTotalSchema, { description: "Span totals by span name (all nesting levels summed)." }),
  ),
  messages: Type.Optional(Type.Array(EventMessageSchema, { errorMessage: "must be an array of { atMs, text }" })),
  spanTree: Type.Optional(
    Type.Array(SpanNodeSchema, {
      description: "The spans as they nested (bounded by the SDK; totals in `spans` stay exact when this is cut).",
    }),
  ),
  fields: Type.Optional(
    AnyFields({
      description:
        "Anything else, nested at will: `fields.http.route`, `fields.user.country`, `fields.booking.amount`. " +
        'With `v: 2`, keys are flat dotted paths (`{ "http.route": "/a" }`) applied in order, as `ev.set` would.',
    }),
  ),
});

/** The record that unit U was served variation V of flag F by rule R at time T (in release S). */
export const ExposureSchema = Type.Object({
  type: Type.Literal("exposure"),
  ...itemHead,
  unit: RequiredText("The unit (hash-attribute value) that was served."),
  hashAttribute: RequiredText("The attribute the unit was hashed by."),
  flag: RequiredText("The flag's key."),
  variation: RequiredText("The variation key served."),
  ruleId: RequiredText("The rule that served it."),
  experiment: OptionalText("Experiment key, when the rule is an experiment."),
  inExperiment: Type.Optional(Type.Boolean()),
});

/** An item whose `type` is neither: only the fields every item carries are checked. */
export const ItemHeadSchema = Type.Object(itemHead);

/** One item of an ingest batch: a JSON array or NDJSON of these, its id in the `Idempotency-Key` header. */
export const IngestItemSchema = Type.Union([WideEventSchema, ExposureSchema]);

/**
 * The wire format of what SDKs send to the ingest endpoint (`POST /api/v1/events`): wide events (one per request
 * or job) and exposures. A batch is a JSON array or NDJSON of these items; its id travels in the
 * `Idempotency-Key` header so a retried batch is stored once.
 */

/** Aggregated time of every span with one name in one event, e.g. `spans.sql = { ms: 41.2, count: 7 }`. */
export interface SpanTotal {
  ms: number;
  count: number;
}

/** One timed section as it happened, with its children: nesting is kept here, totals live in `spans`. */
export interface SpanNode {
  name: string;
  /** Milliseconds since the event started. */
  startMs: number;
  ms: number;
  children?: SpanNode[];
}

/** An ordered log line inside an event (`ev.message(text, fields)`). */
export interface EventMessage {
  /** Milliseconds since the event started. */
  atMs: number;
  text: string;
  fields?: Record<string, unknown>;
}

/** One wide, structured record per request or job: the "hash of hashes". */
export interface WideEvent {
  type: "event";
  /** Unique per event (random), so that a retried batch cannot double it. */
  id: string;
  /** When the request started, ISO 8601. */
  ts: string;
  /** What kind of work: `request`, `job`, `checkout`… */
  name: string;
  /** The unit (hash-attribute value) the request was for, when known. */
  unit?: string;
  environment?: string;
  /** Release (git sha) of the code that handled it. */
  release?: string;
  durationMs?: number;
  /** HTTP status or an outcome such as `ok` / `error`. */
  status?: number | string;
  /** The assignment vector: every flag evaluated during the event → the variation key it served. */
  assignments?: Record<string, string>;
  messages?: EventMessage[];
  /** Span totals by span name (all nesting levels summed). */
  spans?: Record<string, SpanTotal>;
  /** The spans as they nested (bounded by the SDK; totals in `spans` stay exact when this is cut). */
  spanTree?: SpanNode[];
  /** Counters added with `ev.add(name, n)`. */
  counters?: Record<string, number>;
  /** Anything else, nested at will: `fields.http.route`, `fields.user.country`, `fields.booking.amount`. */
  fields?: Record<string, unknown>;
}

/** The record that unit U was served variation V of flag F by rule R at time T (in release S). */
export interface Exposure {
  type: "exposure";
  id: string;
  ts: string;
  unit: string;
  hashAttribute: string;
  flag: string;
  variation: string;
  ruleId: string;
  /** Experiment key, when the rule is an experiment. */
  experiment?: string;
  inExperiment?: boolean;
  environment?: string;
  release?: string;
}

/** One item of an ingest batch. */
export type IngestItem = WideEvent | Exposure;

import type { Static } from "@sinclair/typebox";
import type {
  EventMessageSchema,
  ExposureSchema,
  IngestItemSchema,
  SpanNodeSchema,
  SpanTotalSchema,
  WideEventSchema,
} from "./event-schema.js";

/**
 * The wire types of ingest, derived from the schemas in `event-schema.ts` (field documentation lives there, and
 * in the published JSON Schema).
 */

/** Aggregated time of every span with one name in one event, e.g. `spans.sql = { ms: 41.2, count: 7 }`. */
export type SpanTotal = Static<typeof SpanTotalSchema>;

/** One timed section as it happened, with its children: nesting is kept here, totals live in `spans`. */
export type SpanNode = Static<typeof SpanNodeSchema>;

/** An ordered log line inside an event (`ev.message(text, fields)`). */
export type EventMessage = Static<typeof EventMessageSchema>;

/** One wide, structured record per request or job: the "hash of hashes". */
export type WideEvent = Static<typeof WideEventSchema>;

/** The record that unit U was served variation V of flag F by rule R at time T (in release S). */
export type Exposure = Static<typeof ExposureSchema>;

/** One item of an ingest batch. */
export type IngestItem = Static<typeof IngestItemSchema>;

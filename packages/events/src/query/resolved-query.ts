import type { EventSource, FieldRef } from "./field-ref.js";
import type { AggregateFn } from "./query-schema.js";
import type { ResolvedFilter } from "./resolve-filter.js";

/** The time range of a query; either end may be open. */
export interface TimeRange {
  from: Date | undefined;
  to: Date | undefined;
}

/** The part every kind shares: the time range and every filter (environment and release included). */
export interface ResolvedScope {
  range: TimeRange;
  filters: readonly ResolvedFilter[];
}

/** An aggregate with its fields resolved and its result column named. */
export interface ResolvedAggregate {
  fn: AggregateFn;
  field: FieldRef | undefined;
  per: FieldRef | undefined;
  name: string;
}

/** A group-by/aggregate query ready to compile. */
export interface ResolvedAggregateQuery {
  kind: "aggregate";
  source: EventSource;
  scope: ResolvedScope;
  groupBy: readonly FieldRef[];
  aggregates: readonly ResolvedAggregate[];
  bucketSeconds: number | undefined;
  orderBy: readonly { column: number; desc: boolean }[];
  limit: number;
}

/** Where the next page of a drill-down starts: after this (ts, id), newest first. */
export interface EventsCursor {
  ts: string;
  id: string;
}

/** A raw-event page ready to compile. */
export interface ResolvedEventsQuery {
  kind: "events";
  source: EventSource;
  scope: ResolvedScope;
  fields: readonly FieldRef[];
  limit: number;
  cursor: EventsCursor | undefined;
}

/** Messages of a selection never seen in a baseline. */
export interface ResolvedMessagesDiffQuery {
  kind: "messages-diff";
  scope: ResolvedScope;
  selection: readonly ResolvedFilter[];
  baseline: readonly ResolvedFilter[];
  limit: number;
}

/** Messages new since a release was first seen. */
export interface ResolvedNewMessagesQuery {
  kind: "new-messages";
  scope: ResolvedScope;
  sinceRelease: string;
  limit: number;
}

/** A BubbleUp comparison; an absent baseline means every scoped event outside the selection. */
export interface ResolvedBubbleUpQuery {
  kind: "bubbleup";
  scope: ResolvedScope;
  selection: readonly ResolvedFilter[];
  baseline: readonly ResolvedFilter[] | undefined;
  dimensions: readonly FieldRef[];
  top: number;
}

/** The field keys of a scope, most frequent first. */
export interface ResolvedFieldKeysQuery {
  kind: "field-keys";
  scope: ResolvedScope;
  limit: number;
}

/** Any validated query. */
export type ResolvedQuery =
  | ResolvedAggregateQuery
  | ResolvedEventsQuery
  | ResolvedMessagesDiffQuery
  | ResolvedNewMessagesQuery
  | ResolvedBubbleUpQuery
  | ResolvedFieldKeysQuery;

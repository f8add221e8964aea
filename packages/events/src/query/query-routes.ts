import { Type } from "@sinclair/typebox";
import { AppError } from "@switchboard/core";
import type { Clock } from "../ports/clock.js";
import type { EventsLogger, EventsRoute } from "../ports/events-route.js";
import type { EventStore } from "../store/event-store.js";
import { QuerySchema } from "./query-schema.js";
import { QueryService } from "./query-service.js";

const QueryResultSchema = Type.Object({
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.Unknown())),
  nextCursor: Type.Optional(Type.String({ description: "events: pass as `cursor` for the next page" })),
  sql: Type.Optional(Type.String({ description: "with explain: the statement that ran" })),
  params: Type.Optional(Type.Array(Type.Unknown(), { description: "with explain: its parameters, in order" })),
  eventsBehind: Type.Optional(
    Type.Array(Type.Unknown(), { description: "with explain on an aggregate: per row, the events query behind it" }),
  ),
});

/** What the query route needs: the event store (the route answers UNAVAILABLE without one), the clock, a logger. */
export interface QueryRouteDeps {
  events?: EventStore | undefined;
  clock: Clock;
  logger?: EventsLogger | undefined;
  /** The host's query service, shared with its other readers (monitors); built here over `events` when absent. */
  queries?: QueryService | undefined;
}

/** The query service a host shares between the query route and its other readers, refusals logged to `logger`. */
export function createQueryService(events: EventStore, clock: Clock, logger?: EventsLogger): QueryService {
  return new QueryService(events, clock, {
    onEngineRefusal: (err, statement) => logger?.warn({ err, sql: statement.sql }, "the event store refused a query"),
  });
}

/** `POST /query`: the query language over stored events (docs/queries.md). */
export function queryRoutes(deps: QueryRouteDeps): EventsRoute[] {
  const service =
    deps.queries ?? (deps.events === undefined ? undefined : createQueryService(deps.events, deps.clock, deps.logger));
  return [
    {
      method: "POST",
      url: "/query",
      role: "viewer",
      tag: "events",
      summary: "Query stored events: aggregates, series, raw events, message differences, BubbleUp, field keys",
      body: QuerySchema,
      response: { status: 200, description: "Columns and rows (and the SQL with explain).", schema: QueryResultSchema },
      handler: async ({ body }) => {
        if (service === undefined) throw new AppError("UNAVAILABLE", "This server keeps no events (no event store).");
        return { body: await service.query(body) };
      },
    },
  ];
}

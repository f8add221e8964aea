import { Type } from "@sinclair/typebox";
import { type RouteSpec, route } from "../../kernel/index.js";
import { redactMonitorChanges } from "../monitors/index.js";
import { ChangeResponse, ListResponse, listOutput } from "../response-schemas.js";
import { redactTokenChanges } from "../tokens/index.js";
import type { ChangeService } from "./change-service.js";
import { ListChangesQuerySchema, ListMarkersQuerySchema } from "./change-service.js";

const MarkerResponse = Type.Object({
  kind: Type.Union([Type.Literal("change"), Type.Literal("release")]),
  at: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  change: Type.Optional(ChangeResponse),
  release: Type.Optional(Type.Unknown()),
});

/** The audit log and the timeline markers. */
export function changeRoutes({ changes }: { changes: ChangeService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/changes",
      role: "viewer",
      tag: "changes",
      summary: "The audit log: who changed what, when, where, before/after and why",
      query: ListChangesQuerySchema,
      response: { status: 200, description: "Changes, newest first.", schema: ListResponse(ChangeResponse) },
      handler: async ({ query, context }) =>
        listOutput(redactMonitorChanges(redactTokenChanges(await changes.list(query), context.role))),
    }),
    route({
      method: "GET",
      url: "/markers",
      role: "viewer",
      tag: "changes",
      summary: "Markers for graphs: changes and releases in [from, to)",
      query: ListMarkersQuerySchema,
      response: { status: 200, description: "Markers, oldest first.", schema: ListResponse(MarkerResponse) },
      handler: async ({ query }) =>
        listOutput(
          (await changes.markers(query)).map((marker) =>
            marker.kind === "change"
              ? { ...marker, change: redactMonitorChanges([marker.change])[0] ?? marker.change }
              : marker,
          ),
        ),
    }),
  ];
}

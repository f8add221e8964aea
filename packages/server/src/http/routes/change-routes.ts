import { Type } from "@sinclair/typebox";
import { ListChangesQuerySchema, ListMarkersQuerySchema } from "../../activation/change-service.js";
import type { Services } from "../../activation/create-services.js";
import { redactTokenChanges } from "../../auth/redact-token-changes.js";
import { type RouteSpec, route } from "../../kernel/route-spec.js";
import { roleOf } from "../control-auth.js";
import { ChangeResponse, ListResponse, listOutput } from "../response-schemas.js";

const MarkerResponse = Type.Object({
  kind: Type.Union([Type.Literal("change"), Type.Literal("release")]),
  at: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  change: Type.Optional(ChangeResponse),
  release: Type.Optional(Type.Unknown()),
});

/** The audit log and the timeline markers. */
export function changeRoutes({ changes }: Services): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/changes",
      role: "viewer",
      tag: "changes",
      summary: "The audit log: who changed what, when, where, before/after and why",
      query: ListChangesQuerySchema,
      response: { status: 200, description: "Changes, newest first.", schema: ListResponse(ChangeResponse) },
      handler: async ({ query, principal }) =>
        listOutput(redactTokenChanges(await changes.list(query), roleOf(principal))),
    }),
    route({
      method: "GET",
      url: "/markers",
      role: "viewer",
      tag: "changes",
      summary: "Markers for graphs: changes and releases in [from, to)",
      query: ListMarkersQuerySchema,
      response: { status: 200, description: "Markers, oldest first.", schema: ListResponse(MarkerResponse) },
      handler: async ({ query }) => listOutput(await changes.markers(query)),
    }),
  ];
}

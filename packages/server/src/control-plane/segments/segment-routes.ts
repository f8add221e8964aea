import { Type } from "@sinclair/typebox";
import { SegmentSchema } from "@switchboard/core";
import { DraftBodySchema, heldOutput, isHeld, type RouteSpec, route, ToggleInputSchema } from "../../kernel/index.js";
import { DocumentResponse, documentOutput, ListResponse, listOutput, writeOutput } from "../response-schemas.js";
import type { SegmentService } from "./segment-service.js";
import { CreateSegmentSchema } from "./segment-service.js";

const Segment = DocumentResponse(SegmentSchema);
const ListQuerySchema = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: "Include archived segments." })) },
  { additionalProperties: false },
);

/** Segments: named conditions and id lists. */
export function segmentRoutes({ segments }: { segments: SegmentService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/segments",
      role: "viewer",
      tag: "segments",
      summary: "List segments",
      query: ListQuerySchema,
      response: { status: 200, description: "Segments by name.", schema: ListResponse(Segment) },
      handler: async ({ query }) => listOutput(await segments.list(query.archived)),
    }),
    route({
      method: "POST",
      url: "/segments",
      role: "editor",
      tag: "segments",
      summary: "Create a segment (a condition, or an id list of up to 100,000 ids)",
      body: DraftBodySchema,
      documentedBody: CreateSegmentSchema,
      response: { status: 201, description: "The created segment.", schema: Segment },
      handler: async ({ body, context }) => writeOutput(await segments.create(body, context)),
    }),
    route({
      method: "GET",
      url: "/segments/:name",
      role: "viewer",
      tag: "segments",
      summary: "Read a segment",
      response: { status: 200, description: "The segment.", schema: Segment },
      handler: async ({ params }) => documentOutput(await segments.get(params["name"] ?? "")),
    }),
    route({
      method: "PUT",
      url: "/segments/:name",
      role: "editor",
      tag: "segments",
      summary:
        "Replace a segment (If-Match required); 202 with a change request when an editor changes one a flag uses in a protected environment",
      body: DraftBodySchema,
      documentedBody: SegmentSchema,
      ifMatch: "required",
      response: { status: 200, description: "The segment at its new version.", schema: Segment },
      handler: async ({ params, body, ifMatch, context }) => {
        const write = await segments.replace(params["name"] ?? "", body, ifMatch, context);
        return isHeld(write) ? heldOutput(write) : writeOutput(write);
      },
    }),
    route({
      method: "POST",
      url: "/segments/:name/archive",
      role: "editor",
      tag: "segments",
      summary: "Archive a segment no rule uses",
      body: ToggleInputSchema,
      ifMatch: "optional",
      response: { status: 200, description: "The archived segment.", schema: Segment },
      handler: async ({ params, body, ifMatch, context }) => {
        const actor = body.reason === undefined ? context : { ...context, reason: body.reason };
        return writeOutput(await segments.archive(params["name"] ?? "", ifMatch, actor));
      },
    }),
  ];
}

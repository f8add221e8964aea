import { FlagSchema } from "@switchboard/core";
import { DraftBodySchema, heldOutput, isHeld, type RouteSpec, route } from "../../kernel/index.js";
import { DocumentResponse, documentOutput, ListResponse, listOutput, writeOutput } from "../response-schemas.js";
import { flagListFilter, ListFlagsQuerySchema } from "./flag-filters.js";
import type { FlagService } from "./flag-service.js";
import { ArchiveFlagSchema, CreateFlagSchema } from "./flag-service.js";

const Flag = DocumentResponse(FlagSchema);

/** Flags: create, read, list with filters, replace, archive. */
export function flagRoutes({ flags }: { flags: FlagService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/flags",
      role: "viewer",
      tag: "flags",
      summary: "List flags, filtered by tag, owner, text, and state in an environment",
      query: ListFlagsQuerySchema,
      response: { status: 200, description: "The matching flags, by key.", schema: ListResponse(Flag) },
      handler: async ({ query }) => listOutput(await flags.list(flagListFilter(query))),
    }),
    route({
      method: "POST",
      url: "/flags",
      role: "editor",
      tag: "flags",
      summary: "Create a flag",
      body: DraftBodySchema,
      documentedBody: CreateFlagSchema,
      response: { status: 201, description: "The created flag (version 1).", schema: Flag },
      handler: async ({ body, context }) => writeOutput(await flags.create(body, context)),
    }),
    route({
      method: "GET",
      url: "/flags/:key",
      role: "viewer",
      tag: "flags",
      summary: "Read a flag; its ETag is its version",
      response: { status: 200, description: "The flag.", schema: Flag },
      handler: async ({ params }) => documentOutput(await flags.get(params["key"] ?? "")),
    }),
    route({
      method: "PUT",
      url: "/flags/:key",
      role: "editor",
      tag: "flags",
      summary: "Replace a flag (If-Match required)",
      body: DraftBodySchema,
      documentedBody: FlagSchema,
      ifMatch: "required",
      response: { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body, ifMatch, context }) => {
        const write = await flags.update(params["key"] ?? "", body, ifMatch, context);
        return isHeld(write) ? heldOutput(write) : writeOutput(write);
      },
    }),
    route({
      method: "POST",
      url: "/flags/:key/archive",
      role: "editor",
      tag: "flags",
      summary:
        "Archive a flag: it leaves every payload and becomes read-only (409 with the references while code uses it, unless forced with a reason; 202 with a change request when an editor archives one configured in a protected environment)",
      body: ArchiveFlagSchema,
      ifMatch: "optional",
      response: { status: 200, description: "The archived flag.", schema: Flag },
      handler: async ({ params, body, ifMatch, context }) => {
        const actor = body.reason === undefined ? context : { ...context, reason: body.reason };
        const write = await flags.archive(params["key"] ?? "", ifMatch, actor, { force: body.force === true });
        return isHeld(write) ? heldOutput(write) : writeOutput(write);
      },
    }),
  ];
}

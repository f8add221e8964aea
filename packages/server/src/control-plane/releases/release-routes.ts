import { type RouteSpec, route } from "../../kernel/index.js";
import { ListResponse, listOutput, ReleaseResponse } from "../response-schemas.js";
import type { ReleaseService } from "./release-service.js";
import { CreateReleaseSchema, ListReleasesQuerySchema } from "./release-service.js";

/** Releases (rollouts of a build), markers on the timeline. */
export function releaseRoutes({ releases }: { releases: ReleaseService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/releases",
      role: "viewer",
      tag: "releases",
      summary: "List releases, newest first",
      query: ListReleasesQuerySchema,
      response: { status: 200, description: "The releases.", schema: ListResponse(ReleaseResponse) },
      handler: async ({ query }) => listOutput(await releases.list(query)),
    }),
    route({
      method: "POST",
      url: "/releases",
      role: "editor",
      tag: "releases",
      summary: "Record a release deployed to an environment",
      body: CreateReleaseSchema,
      response: { status: 201, description: "The release.", schema: ReleaseResponse },
      handler: async ({ body, context }) => ({ body: await releases.create(body, context) }),
    }),
  ];
}

import { type RouteSpec, route } from "../../kernel/index.js";
import { DocumentResponse, ListResponse, listOutput, writeOutput } from "../response-schemas.js";
import type { EnvironmentService } from "./environment-service.js";
import { CreateEnvironmentSchema, EnvironmentBodySchema } from "./environment-service.js";

const Environment = DocumentResponse(EnvironmentBodySchema);

/** Environments. */
export function environmentRoutes({ environments }: { environments: EnvironmentService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/environments",
      role: "viewer",
      tag: "environments",
      summary: "List environments",
      response: {
        status: 200,
        description: "Environments in the configured order (`SWITCHBOARD_ENVIRONMENTS`), then the others by name.",
        schema: ListResponse(Environment),
      },
      handler: async () => listOutput(await environments.list()),
    }),
    route({
      method: "POST",
      url: "/environments",
      role: "admin",
      tag: "environments",
      summary: "Create an environment",
      body: CreateEnvironmentSchema,
      response: { status: 201, description: "The created environment.", schema: Environment },
      handler: async ({ body, context }) => writeOutput(await environments.create(body, context)),
    }),
  ];
}

import { ExperimentSchema } from "@switchboard/core";
import { DraftBodySchema, type RouteSpec, route } from "../../kernel/index.js";
import { DocumentResponse, documentOutput, ListResponse, listOutput, writeOutput } from "../response-schemas.js";
import type { ExperimentService } from "./experiment-service.js";
import { CreateExperimentSchema } from "./experiment-service.js";

const Experiment = DocumentResponse(ExperimentSchema);

/** Experiment metadata: hypothesis, metrics, guardrails, owner. */
export function experimentRoutes({ experiments }: { experiments: ExperimentService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/experiments",
      role: "viewer",
      tag: "experiments",
      summary: "List experiments",
      response: { status: 200, description: "Experiments by name.", schema: ListResponse(Experiment) },
      handler: async () => listOutput(await experiments.list()),
    }),
    route({
      method: "POST",
      url: "/experiments",
      role: "editor",
      tag: "experiments",
      summary: "Create an experiment's metadata (its name is the key of its experiment rules)",
      body: DraftBodySchema,
      documentedBody: CreateExperimentSchema,
      response: { status: 201, description: "The created experiment.", schema: Experiment },
      handler: async ({ body, context }) => writeOutput(await experiments.create(body, context)),
    }),
    route({
      method: "GET",
      url: "/experiments/:name",
      role: "viewer",
      tag: "experiments",
      summary: "Read an experiment",
      response: { status: 200, description: "The experiment.", schema: Experiment },
      handler: async ({ params }) => documentOutput(await experiments.get(params["name"] ?? "")),
    }),
    route({
      method: "PUT",
      url: "/experiments/:name",
      role: "editor",
      tag: "experiments",
      summary: "Replace an experiment's metadata (If-Match required)",
      body: DraftBodySchema,
      documentedBody: ExperimentSchema,
      ifMatch: "required",
      response: { status: 200, description: "The experiment at its new version.", schema: Experiment },
      handler: async ({ params, body, ifMatch, context }) =>
        writeOutput(await experiments.update(params["name"] ?? "", body, ifMatch, context)),
    }),
  ];
}

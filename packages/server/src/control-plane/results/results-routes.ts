import { ExperimentResultsQuerySchema, ExperimentResultsSchema } from "@switchboard/core";
import { type RouteSpec, route } from "../../kernel/index.js";
import type { ResultsService } from "./results-service.js";

/** Experiment results. */
export function resultsRoutes({ results }: { results: ResultsService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/experiments/:name/results",
      role: "viewer",
      tag: "experiments",
      summary: "Results of an experiment per metric and variation, with SRM, guardrail verdicts and a summary",
      query: ExperimentResultsQuerySchema,
      response: {
        status: 200,
        description: "The results of the phase asked for (default the latest).",
        schema: ExperimentResultsSchema,
      },
      handler: async ({ params, query }) => ({ body: await results.results(params["name"] ?? "", query) }),
    }),
  ];
}

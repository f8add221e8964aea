import { Type } from "@sinclair/typebox";
import { MetricSchema } from "@switchboard/core";
import { DraftBodySchema, type RouteSpec, route, ToggleInputSchema } from "../../kernel/index.js";
import { DocumentResponse, documentOutput, ListResponse, listOutput, writeOutput } from "../response-schemas.js";
import { CreateMetricSchema, type MetricService } from "./metric-service.js";

const Metric = DocumentResponse(MetricSchema);
const ListQuerySchema = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: "Include archived metrics." })) },
  { additionalProperties: false },
);

/** Metric definitions: proportions, means, ratios and quantiles over the events of exposed units. */
export function metricRoutes({ metrics }: { metrics: MetricService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/metrics",
      role: "viewer",
      tag: "metrics",
      summary: "List metric definitions",
      query: ListQuerySchema,
      response: { status: 200, description: "Metrics by name.", schema: ListResponse(Metric) },
      handler: async ({ query }) => listOutput(await metrics.list(query.archived)),
    }),
    route({
      method: "POST",
      url: "/metrics",
      role: "editor",
      tag: "metrics",
      summary: "Define a metric (proportion, mean, ratio or quantile over events after exposure)",
      body: DraftBodySchema,
      documentedBody: CreateMetricSchema,
      response: { status: 201, description: "The created metric.", schema: Metric },
      handler: async ({ body, context }) => writeOutput(await metrics.create(body, context)),
    }),
    route({
      method: "GET",
      url: "/metrics/:name",
      role: "viewer",
      tag: "metrics",
      summary: "Read a metric definition",
      response: { status: 200, description: "The metric.", schema: Metric },
      handler: async ({ params }) => documentOutput(await metrics.get(params["name"] ?? "")),
    }),
    route({
      method: "PUT",
      url: "/metrics/:name",
      role: "editor",
      tag: "metrics",
      summary: "Replace a metric definition (If-Match required)",
      body: DraftBodySchema,
      documentedBody: MetricSchema,
      ifMatch: "required",
      response: { status: 200, description: "The metric at its new version.", schema: Metric },
      handler: async ({ params, body, ifMatch, context }) =>
        writeOutput(await metrics.update(params["name"] ?? "", body, ifMatch, context)),
    }),
    route({
      method: "POST",
      url: "/metrics/:name/archive",
      role: "editor",
      tag: "metrics",
      summary: "Archive a metric no experiment names",
      body: ToggleInputSchema,
      ifMatch: "optional",
      response: { status: 200, description: "The archived metric.", schema: Metric },
      handler: async ({ params, body, ifMatch, context }) => {
        const actor = body.reason === undefined ? context : { ...context, reason: body.reason };
        return writeOutput(await metrics.archive(params["name"] ?? "", ifMatch, actor));
      },
    }),
  ];
}

import { Type } from "@sinclair/typebox";
import type { Monitor as StoredMonitor } from "@switchboard/core";
import { CreateMonitorSchema, MonitorViewSchema } from "@switchboard/core";
import { type RouteSpec, route, ToggleInputSchema } from "../../kernel/index.js";
import type { DocumentWrite } from "../../store/index.js";
import { DocumentResponse, documentOutput, ListResponse, listOutput } from "../response-schemas.js";
import { redactMonitorDocument } from "./monitor-secrets.js";
import type { MonitorService } from "./monitor-service.js";

// Every answer carrying a monitor redacts its channel secrets (webhook signing secret, Slack URL, routing key).
const Monitor = DocumentResponse(MonitorViewSchema);
const KEY = "/monitors/:key";

const ListMonitorsQuery = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: "include archived monitors" })) },
  { additionalProperties: false },
);

const ListAlertsQuery = Type.Object(
  {
    monitor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    open: Type.Optional(Type.Boolean({ description: "only open (true) or only resolved (false) alerts" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

/** Monitors (versioned documents), their status and error budget, and the alerts they raised. */
export function monitorRoutes({ monitors }: { monitors: MonitorService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/monitors",
      role: "viewer",
      tag: "monitors",
      summary: "List monitors",
      query: ListMonitorsQuery,
      response: { status: 200, description: "Monitors by key.", schema: ListResponse(Monitor) },
      handler: async ({ query }) =>
        listOutput((await monitors.list(query.archived === true)).map(redactMonitorDocument)),
    }),
    route({
      method: "POST",
      url: "/monitors",
      role: "editor",
      tag: "monitors",
      summary: "Create a monitor: a metric per minute, its prediction, alert and action policy",
      body: CreateMonitorSchema,
      response: { status: 201, description: "The created monitor.", schema: Monitor },
      handler: async ({ body, context }) => redactedWrite(await monitors.create(body, context), 201),
    }),
    route({
      method: "GET",
      url: KEY,
      role: "viewer",
      tag: "monitors",
      summary: "Read a monitor",
      response: { status: 200, description: "The monitor.", schema: Monitor },
      handler: async ({ params }) => documentOutput(redactMonitorDocument(await monitors.get(params["key"] ?? ""))),
    }),
    route({
      method: "PUT",
      url: KEY,
      role: "editor",
      tag: "monitors",
      summary: "Replace a monitor (If-Match required; a channel secret left out or sent back redacted is kept)",
      body: MonitorViewSchema,
      ifMatch: "required",
      response: { status: 200, description: "The monitor at its new version.", schema: Monitor },
      handler: async ({ params, body, ifMatch, context }) =>
        redactedWrite(await monitors.replace(params["key"] ?? "", body, ifMatch, context)),
    }),
    route({
      method: "POST",
      url: `${KEY}/archive`,
      role: "editor",
      tag: "monitors",
      summary: "Archive a monitor: it is no longer evaluated; its alerts stay",
      body: ToggleInputSchema,
      ifMatch: "optional",
      response: { status: 200, description: "The archived monitor.", schema: Monitor },
      handler: async ({ params, body, ifMatch, context }) => {
        const actor = body.reason === undefined ? context : { ...context, reason: body.reason };
        return redactedWrite(await monitors.archive(params["key"] ?? "", ifMatch, actor));
      },
    }),
    route({
      method: "GET",
      url: `${KEY}/status`,
      role: "viewer",
      tag: "monitors",
      summary: "What the runner knows: minutes evaluated, the last minute, the open incident and recent alerts",
      response: { status: 200, description: "The monitor's status." },
      handler: async ({ params }) => ({ body: await monitors.status(params["key"] ?? "") }),
    }),
    route({
      method: "GET",
      url: `${KEY}/budget`,
      role: "viewer",
      tag: "monitors",
      summary: "The error budget: allowed, spent and left; burn rates; spend by incident and by cause",
      response: { status: 200, description: "The monitor's error budget." },
      handler: async ({ params }) => ({ body: await monitors.budget(params["key"] ?? "") }),
    }),
    route({
      method: "GET",
      url: "/alerts",
      role: "viewer",
      tag: "monitors",
      summary: "Alerts, newest onset first",
      query: ListAlertsQuery,
      response: { status: 200, description: "Alerts." },
      handler: async ({ query }) => listOutput(await monitors.listAlerts(query)),
    }),
    route({
      method: "GET",
      url: "/alerts/:id",
      role: "viewer",
      tag: "monitors",
      summary: "An alert with its delivery log",
      response: { status: 200, description: "The alert and every delivery attempt." },
      handler: async ({ params }) => ({ body: await monitors.alert(params["id"] ?? "") }),
    }),
  ];
}

function redactedWrite(write: DocumentWrite<StoredMonitor>, status?: number) {
  return documentOutput(redactMonitorDocument(write.document), status);
}

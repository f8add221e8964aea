import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { type RouteInput, type RouteSpec, route } from "../kernel/index.js";
import { dataPlaneRoute } from "./builtin/data-plane-route.js";
import { dataPlaneStatsRoute } from "./builtin/data-plane-stats-route.js";
import type { TrafficControl } from "./create-traffic-control.js";
import { HaproxyConfigQuerySchema, haproxyConfigOf } from "./haproxy/haproxy-config-route.js";
import { deletePool, putPool } from "./service/pool-operations.js";
import {
  BackSchema,
  CreateServiceSchema,
  DrainSchema,
  ListServicesQuerySchema,
  PoolInputSchema,
  PreviewTokenSchema,
  RampSchema,
  RulesSchema,
  SwitchSchema,
} from "./service/traffic-schemas.js";
import { historyView, serviceStatus, serviceView } from "./service/traffic-views.js";

const SERVICE = "/traffic/services/:environment/:service";
const tag = "traffic";

function refOf({ params }: Pick<RouteInput, "params">) {
  return { environment: params["environment"] ?? "", name: params["service"] ?? "" };
}

const viewOutput = (doc: Parameters<typeof serviceView>[0], status?: number) => ({
  body: serviceView(doc),
  version: doc.version,
  ...(status === undefined ? {} : { status }),
});

/** Traffic control: services, pools and the operations that move requests between pools. */
export function trafficRoutes({ traffic, ramps, dataPlanes, reports }: TrafficControl): RouteSpec[] {
  const op = <Body extends TSchema>(
    name: string,
    summary: string,
    body: Body,
    run: (input: RouteInput<Static<Body>>) => Promise<Parameters<typeof serviceView>[0]>,
  ) =>
    route({
      method: "POST",
      url: `${SERVICE}/${name}`,
      role: "editor",
      tag,
      summary,
      body,
      response: { status: 200, description: "The service after the change." },
      handler: async (input) => viewOutput(await run(input)),
    });
  return [
    dataPlaneRoute(traffic, dataPlanes),
    dataPlaneStatsRoute(traffic, reports),
    route({
      method: "GET",
      url: "/traffic/services",
      role: "viewer",
      tag,
      summary: "List services",
      query: ListServicesQuerySchema,
      response: { status: 200, description: "The services." },
      handler: async ({ query }) => ({ body: { items: (await traffic.list(query)).map(serviceView) } }),
    }),
    route({
      method: "POST",
      url: "/traffic/services",
      role: "editor",
      tag,
      summary: "Create a service with its pools; all requests go to its first pool",
      body: CreateServiceSchema,
      response: { status: 201, description: "The service." },
      handler: async ({ body, context }) => viewOutput(await traffic.create(body, context), 201),
    }),
    route({
      method: "GET",
      url: SERVICE,
      role: "viewer",
      tag,
      summary: "Read a service: pools, routing state, ramp plan",
      response: { status: 200, description: "The service." },
      handler: async (input) => viewOutput(await traffic.get(refOf(input))),
    }),
    route({
      method: "PUT",
      url: `${SERVICE}/pools/:pool`,
      role: "editor",
      tag,
      summary: "Add a pool or replace its backends and release",
      body: PoolInputSchema,
      response: { status: 200, description: "The service." },
      handler: async (input) =>
        viewOutput(await putPool(traffic, refOf(input), input.params["pool"] ?? "", input.body, input.context)),
    }),
    route({
      method: "DELETE",
      url: `${SERVICE}/pools/:pool`,
      role: "editor",
      tag,
      summary: "Remove a pool that gets no requests",
      response: { status: 200, description: "The service." },
      handler: async (input) =>
        viewOutput(await deletePool(traffic, refOf(input), input.params["pool"] ?? "", input.context)),
    }),
    op("switch", "Send every request to one pool (atomic)", SwitchSchema, (i) =>
      traffic.switch(refOf(i), i.body, i.context),
    ),
    route({
      method: "POST",
      url: `${SERVICE}/ramp`,
      role: "editor",
      tag,
      summary: "Set split weights, or start a ramp plan (steps, pauses, guard)",
      body: RampSchema,
      response: { status: 200, description: "The service (202 when a plan started)." },
      handler: async (input) => {
        const { status, doc } = await ramps.ramp(refOf(input), input.body, input.context);
        return viewOutput(doc, status);
      },
    }),
    route({
      method: "DELETE",
      url: `${SERVICE}/ramp`,
      role: "editor",
      tag,
      summary: "Cancel the running ramp plan, keeping the current split",
      response: { status: 200, description: "The service." },
      handler: async (input) => viewOutput(await ramps.cancel(refOf(input), input.context)),
    }),
    op("back", "The back button: return to the previous routing state", BackSchema, (i) =>
      traffic.back(refOf(i), i.body, i.context),
    ),
    op("drain", "Stop new requests to a pool that gets no traffic", DrainSchema, (i) =>
      traffic.drain(refOf(i), i.body, i.context),
    ),
    route({
      method: "PUT",
      url: `${SERVICE}/rules`,
      role: "editor",
      tag,
      summary: "Set sticky assignment and header overrides",
      body: RulesSchema,
      response: { status: 200, description: "The service." },
      handler: async (input) => viewOutput(await traffic.setRules(refOf(input), input.body, input.context)),
    }),
    route({
      method: "POST",
      url: `${SERVICE}/preview-tokens`,
      role: "editor",
      tag,
      summary: "Issue a signed token that sends its bearer to a pool",
      body: PreviewTokenSchema,
      response: { status: 201, description: "The token and the header to send it in." },
      handler: async (input) => ({
        status: 201,
        body: await traffic.previewToken(refOf(input), input.body, input.context),
      }),
    }),
    route({
      method: "GET",
      url: `${SERVICE}/status`,
      role: "viewer",
      tag,
      summary: "Pools, health, current split and live request rates from the data plane",
      response: { status: 200, description: "The status." },
      handler: async (input) => ({ body: await serviceStatus(traffic, refOf(input)) }),
    }),
    route({
      method: "GET",
      url: `${SERVICE}/haproxy-config`,
      role: "editor",
      tag,
      summary: "Generate a starting haproxy.cfg (and its map and Lua files) for the service",
      query: HaproxyConfigQuerySchema,
      response: { status: 200, description: "The configuration and the files it loads." },
      handler: async (input) => ({ body: await haproxyConfigOf(traffic, refOf(input), input.query) }),
    }),
    route({
      method: "GET",
      url: `${SERVICE}/history`,
      role: "viewer",
      tag,
      summary: "Routing states, newest first (back returns to the second)",
      query: Type.Object({}, { additionalProperties: false }),
      response: { status: 200, description: "The routing history." },
      handler: async (input) => ({ body: { items: historyView(await traffic.get(refOf(input))) } }),
    }),
  ];
}

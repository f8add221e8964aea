import { Type } from "@sinclair/typebox";
import type { DataPlaneView } from "@switchboard/proxy";
import { type RouteSpec, route } from "../../kernel/index.js";
import { loadService, serviceKey, specOf } from "../service/service-documents.js";
import type { TrafficService } from "../service/traffic-service.js";
import type { DataPlaneWatch } from "./data-plane-watch.js";

/** The longest a long-poll of the data-plane view is held open. */
const MAX_WAIT_SECONDS = 60;

const DataPlaneQuerySchema = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, description: "the version the proxy has" })),
    waitSeconds: Type.Optional(
      Type.Number({ minimum: 0, maximum: MAX_WAIT_SECONDS, description: "hold the answer until a newer version" }),
    ),
  },
  { additionalProperties: false },
);

/**
 * `GET /traffic/services/:environment/:service/data-plane`: the spec (with the preview secret, hence editors only)
 * and routing state a built-in proxy applies; the ETag is the document version (`If-None-Match` answers 304). With
 * `after=<version>&waitSeconds=<s>` it is a long-poll: the answer waits until the version differs from `after`, so a
 * switch reaches a waiting proxy as soon as it is committed, on any server of the cluster.
 */
export function dataPlaneRoute(traffic: TrafficService, watch: DataPlaneWatch): RouteSpec {
  return route({
    method: "GET",
    url: "/traffic/services/:environment/:service/data-plane",
    role: "editor",
    tag: "traffic",
    summary: "What a built-in proxy applies: pools, seed, preview secret and the routing state (long-poll with after)",
    query: DataPlaneQuerySchema,
    response: { status: 200, description: "The service spec and routing state, with the version as ETag." },
    handler: async ({ params, query }) => {
      const ref = { environment: params["environment"] ?? "", name: params["service"] ?? "" };
      const { after, waitSeconds } = query;
      let doc = await loadService(traffic.deps.store, ref);
      if (after !== undefined && doc.version === after && waitSeconds !== undefined && waitSeconds > 0) {
        const changed = await watch.waitForChange(serviceKey(ref), after, waitSeconds * 1000);
        doc = changed ?? (await loadService(traffic.deps.store, ref));
      }
      const body: DataPlaneView = {
        service: specOf(doc.body, traffic.deps.previewKey),
        routing: doc.body.routing,
        version: doc.version,
      };
      return { body, version: doc.version };
    },
  });
}

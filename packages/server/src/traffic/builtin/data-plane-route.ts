import { type RouteSpec, route } from "../../http/route-spec.js";
import type { RoutingState, TrafficServiceSpec } from "../model/traffic-model.js";
import { loadService, specOf } from "../service/service-documents.js";
import type { TrafficService } from "../service/traffic-service.js";

/** What a proxy that follows the control API reads: the service as a data plane sees it and its routing state. */
export interface DataPlaneView {
  service: TrafficServiceSpec;
  routing: RoutingState;
  version: number;
}

/**
 * `GET /traffic/services/:environment/:service/data-plane`: the spec (with the preview secret, hence editors only)
 * and routing state a built-in proxy applies; the ETag is the document version, so pollers skip unchanged states.
 */
export function dataPlaneRoute(traffic: TrafficService): RouteSpec {
  return route({
    method: "GET",
    url: "/traffic/services/:environment/:service/data-plane",
    role: "editor",
    tag: "traffic",
    summary: "What a built-in proxy applies: pools, seed, preview secret and the routing state",
    response: { status: 200, description: "The service spec and routing state, with the version as ETag." },
    handler: async ({ params }) => {
      const ref = { environment: params["environment"] ?? "", name: params["service"] ?? "" };
      const doc = await loadService(traffic.deps.store, ref);
      const body: DataPlaneView = {
        service: specOf(doc.body, traffic.deps.previewKey),
        routing: doc.body.routing,
        version: doc.version,
      };
      return { body, version: doc.version };
    },
  });
}

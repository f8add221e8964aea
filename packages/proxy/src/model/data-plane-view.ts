import type { RoutingState, TrafficServiceSpec } from "./traffic-model.js";

/**
 * What a proxy that follows the control API reads from `GET …/data-plane`: the service as a data plane sees it
 * and its routing state. Declared here, beside the proxy that reads it, so the server's route and the proxy agree
 * on one type without the proxy depending on the server.
 */
export interface DataPlaneView {
  service: TrafficServiceSpec;
  routing: RoutingState;
  version: number;
}

import type { IngestRouteDeps } from "@switchboard/events";
import type { Authenticator } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import type { RouteSpec } from "../kernel/index.js";
import type { SdkServingDeps } from "../sdk-serving/index.js";
import type { ConfigStore } from "../store/index.js";
import type { TrafficControl } from "../traffic/index.js";

/**
 * What the HTTP app mounts, every part already built by the composition root (`compose-features.ts`): the app
 * wires them into Fastify and constructs no service of its own.
 */
export interface HttpFeatures {
  config: ServerConfig;
  /** Pinged by `/readyz`. */
  store: Pick<ConfigStore, "ping">;
  auth: Authenticator;
  /** The control API under `/api/v1`: the control plane's, traffic's and the query route, each over its one service. */
  routes: readonly RouteSpec[];
  /** What SDK serving (payloads, streams, OFREP, customer previews) is built from. */
  sdk: SdkServingDeps;
  /** The ingest endpoints' dependencies; the endpoints are absent when the server keeps no events. */
  ingest?: IngestRouteDeps;
  /** Traffic control's background work: proxies' long-polls end before the server drains, the rest when it closes. */
  traffic: Pick<TrafficControl, "release" | "close">;
}

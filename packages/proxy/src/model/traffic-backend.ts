import type { DataPlaneStatus, RoutingState, ServiceRef, TrafficServiceSpec } from "./traffic-model.js";

/**
 * The traffic backend port: a load-balancer data plane that routes one service's requests between its pools.
 * Adapters: `HaproxyTrafficBackend` (Runtime API on the stats socket), the built-in proxy, and
 * `FakeTrafficBackend` for unit tests; all of them pass `traffic-backend.contract.ts`.
 */
export interface TrafficBackend {
  /** A short name for status output and logs, e.g. `haproxy`, `builtin`, `fake`. */
  readonly kind: string;
  /**
   * Makes `routing` the state of `service`, atomically: every request that starts after the promise resolves is
   * routed by the new state and none by a mix of old and new. Pools in `service.pools` marked `drained` take no new
   * requests; the others are (again) ready. Idempotent.
   */
  apply(service: TrafficServiceSpec, routing: RoutingState): Promise<void>;
  /** Per pool health, request rate, error rate and latency where the data plane knows them. */
  status(service: ServiceRef): Promise<DataPlaneStatus>;
  /** Stops sending new requests to a pool's backends while requests in flight complete. */
  drain(service: ServiceRef, pool: string): Promise<void>;
  /** Releases sockets and timers; the data plane itself keeps running with the last applied state. */
  close(): Promise<void>;
}

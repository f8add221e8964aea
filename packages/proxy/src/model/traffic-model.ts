/**
 * The traffic model: a service in one environment has pools of backends (one release each) and a routing state
 * that says which pool answers which request. Data planes (HAProxy, the built-in proxy) apply it; the control
 * plane stores it as a versioned document with a history, so `back` is one call.
 */

/** Names a service: the same name may exist once per environment. */
export interface ServiceRef {
  name: string;
  environment: string;
}

/** A set of backends serving one release behind the load balancer. */
export interface Pool {
  /** Lower-case letters, digits, `-` and `_`; also the name of the HAProxy backend suffix. */
  name: string;
  /** The git sha of the release the pool serves, or null when unknown. */
  release: string | null;
  /** `host:port` addresses, at least one. */
  backends: string[];
  /** Path that answers 2xx/3xx when a backend is healthy, e.g. `/healthz`. */
  healthCheckPath: string;
  /** A drained pool takes no new requests; requests in flight complete. */
  drained: boolean;
}

/** The share of requests a pool gets in a split, in percent with at most two decimals. */
export interface PoolWeight {
  pool: string;
  percent: number;
}

/** Where requests go: all to one pool, or a weighted split whose percents sum to 100. */
export type RoutingTarget = { kind: "pool"; pool: string } | { kind: "split"; weights: PoolWeight[] };

/** Which part of a request names the unit, so a unit stays on one pool while a split ramps. */
export interface StickyRule {
  source: "cookie" | "header";
  name: string;
}

/** A request carrying `header: value` goes to `pool`, whatever the target says (testers, smoke checks). */
export interface HeaderOverride {
  header: string;
  value: string;
  pool: string;
}

/** Everything a data plane needs to route one service's requests; what `switch`, `ramp` and `back` change. */
export interface RoutingState {
  target: RoutingTarget;
  /** Null: units without stickiness are bucketed at random per request. */
  sticky: StickyRule | null;
  overrides: HeaderOverride[];
}

/** A routing state as kept in a service's history: when it was replaced, by whom and why. */
export interface RoutingHistoryEntry {
  routing: RoutingState;
  /** The action that put this state in place (`traffic.switch`, `traffic.ramp`, ...). */
  action: string;
  actor: string;
  at: string;
  reason: string | null;
}

/** Where signed preview tokens are read from; the secret signs and verifies them and is never returned by the API. */
export interface PreviewConfig {
  /** Request header carrying a preview token, e.g. `x-switchboard-preview`. */
  header: string;
  /** Hex-encoded HMAC-SHA256 key. */
  secret: string;
}

/** A service as a data plane sees it: pools, the current routing state and how preview tokens are checked. */
export interface TrafficServiceSpec extends ServiceRef {
  /** Seed of the sticky bucketing (`hash(seed, unit, 2)`), fixed at creation so units never reshuffle. */
  seed: string;
  pools: Pool[];
  preview: PreviewConfig;
}

/** How the control plane reaches the data plane of a service. */
export type DataPlaneRef =
  | { kind: "none" }
  /** HAProxy's Runtime API: a unix socket path or `host:port` of `stats socket … level admin`. */
  | { kind: "haproxy"; runtimeApi: string; mapDir: string }
  /** The built-in proxy, which follows routing changes through the control API itself. */
  | { kind: "builtin" };

/** A ramp plan in progress or finished: steps towards one pool, optionally guarded by the data plane's stats. */
export interface RampPlanState {
  id: string;
  from: string;
  pool: string;
  steps: { percent: number; pauseSeconds: number }[];
  guard: RampGuard | null;
  /** Index of the step in place; -1 before the first. */
  stepIndex: number;
  status: "running" | "done" | "aborted" | "cancelled" | "interrupted";
  /** History length when the plan started: an abort returns to the state that was current then. */
  baseHistoryLength: number;
  /**
   * When the next step is due (or, after the last step, when its pause ends and the plan is done). Stored so any
   * server can carry the plan on after a restart; missing in plans written before it existed (due at once).
   */
  dueAt?: string | null;
  /** When the step in place was applied. */
  stepStartedAt?: string | null;
  /** The new pool's cumulative counters when the step began: the guard counts errors since then. */
  baseline?: { requestsTotal: number | null; errorsTotal: number | null } | null;
  startedAt: string;
  startedBy: string;
  /** Why the plan was started; each step's change carries it. */
  reason?: string | null;
  endedAt: string | null;
  outcome: string | null;
}

/** When a ramp aborts and goes back: thresholds on the new pool, checked while the plan pauses. */
export interface RampGuard {
  /** Share of 5xx responses, 0..1. */
  maxErrorRate: number | null;
  maxLatencyMs: number | null;
  /** Requests the new pool must have served in a step before the error rate counts. */
  minRequests: number;
  checkEverySeconds: number;
}

/** The stored document body of a service (key `environment/name`): pools, routing, its history and the plan. */
export interface TrafficServiceDocument extends ServiceRef {
  seed: string;
  pools: Pool[];
  previewHeader: string;
  dataPlane: DataPlaneRef;
  routing: RoutingState;
  /** Routing states that were replaced, oldest first; `back` pops the newest. At most `HISTORY_LIMIT`. */
  history: RoutingHistoryEntry[];
  /** Who put the current routing state in place. */
  current: Omit<RoutingHistoryEntry, "routing">;
  plan: RampPlanState | null;
}

/** How many previous routing states a service keeps. */
export const HISTORY_LIMIT = 20;

/** Health of one backend as a data plane reports it. */
export interface BackendStatus {
  address: string;
  state: "up" | "down" | "drain" | "maint" | "unknown";
}

/** Live figures of one pool read back from the data plane; null where the data plane cannot tell. */
export interface PoolStatus {
  pool: string;
  healthy: boolean | null;
  backends: BackendStatus[];
  /** Requests per second over the data plane's recent window. */
  requestRate: number | null;
  /** Cumulative counters since the data plane started; guards take deltas of these. */
  requestsTotal: number | null;
  errorsTotal: number | null;
  /** Share of 5xx responses among recent requests, 0..1. */
  errorRate: number | null;
  /** Mean response time over recent requests, in milliseconds. */
  latencyMs: number | null;
}

/** What a data plane says about one service right now. */
export interface DataPlaneStatus {
  service: ServiceRef;
  pools: PoolStatus[];
  at: string;
}

export * from "./builtin-proxy.js";
export * from "./builtin-traffic-backend.js";
export type { DataPlaneView } from "./data-plane-route.js";
export type { HealthCheckOptions } from "./health-checker.js";
export * from "./routing-follower.js";
export * from "./stats-reporter.js";
export type { UpstreamOptions } from "./upstream.js";

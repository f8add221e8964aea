export * from "./builtin-proxy.js";
export * from "./builtin-traffic-backend.js";
export * from "./data-plane-not-found-error.js";
export type { HealthCheckOptions } from "./health-checker.js";
export * from "./routing-follower.js";
export * from "./stats-reporter.js";
export type { UpstreamOptions } from "./upstream.js";

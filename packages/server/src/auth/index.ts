export type { Principal } from "../kernel/index.js";
export * from "./auth-metrics-route.js";
export type { Authenticator } from "./authenticator.js";
export * from "./failure-guard.js";
export * from "./failure-rate-limiter.js";
export * from "./token-authenticator.js";
export * from "./token-change-watcher.js";
export * from "./token-secret.js";
export * from "./verified-token-cache.js";

export * from "./auth-metrics-route.js";
export type { Authenticator } from "./authenticator.js";
export * from "./bootstrap-admin-token.js";
export * from "./failure-guard.js";
export * from "./failure-rate-limiter.js";
export type { Principal } from "./principal.js";
export * from "./token-authenticator.js";
export * from "./token-secret.js";
export * from "./token-service.js";

// Tokens: issue, list and revoke API tokens and SDK keys; the audit log as each role may read it.
export * from "./redact-token-changes.js";
export * from "./token-routes.js";
export * from "./token-service.js";

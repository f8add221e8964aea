// Tokens: issue, list and revoke API tokens and SDK keys; the first admin token; the audit log as each role may read it.
export * from "./bootstrap-admin-token.js";
export * from "./redact-token-changes.js";
export * from "./token-routes.js";
export * from "./token-service.js";

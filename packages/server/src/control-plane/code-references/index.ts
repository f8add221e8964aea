// Code references: where each flag is used, from `switchboard scan --upload`, per repository and branch.
export * from "./code-reference-routes.js";
export * from "./code-reference-schemas.js";
export * from "./code-reference-service.js";

// Environments: the named targets of payloads; the lookup every environment-scoped write checks first.
export { ensureEnvironments } from "./ensure-environments.js";
export { environmentDirectoryOf } from "./environment-directory.js";
export * from "./environment-lookup.js";
export * from "./environment-routes.js";
export * from "./environment-service.js";

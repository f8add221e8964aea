// Flags: create, read, list with filters, replace, archive; the flag writer other features change flags through.

export * from "./flag-consistency.js";
export * from "./flag-dependents.js";
export * from "./flag-filters.js";
export * from "./flag-routes.js";
export * from "./flag-service.js";
export * from "./flag-writer.js";

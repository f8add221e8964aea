// Flag sets kept as code: a change set planned from files, applied all or nothing at the versions it was planned against.

export * from "./apply-flag-set.js";
export * from "./flag-set-routes.js";
export * from "./flag-set-service.js";

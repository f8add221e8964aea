// Technical debt: flags that serve one variation, sit unused, or live only in code or only in config.
export * from "./debt-candidates.js";
export * from "./debt-routes.js";
export * from "./debt-service.js";
export * from "./exposed-variation.js";
export type * from "./flag-activity-source.js";
export * from "./served-variation.js";

export * from "./bucket-ranges.js";
export type * from "./data-plane-view.js";
export * from "./preview-token.js";
export * from "./select-pool.js";
export type * from "./traffic-backend.js";
export * from "./traffic-model.js";

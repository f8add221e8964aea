export * from "./bucket-ranges.js";
export * from "./preview-token.js";
export * from "./select-pool.js";
export * from "./traffic-model.js";

export * from "./event-schema.js";
export type * from "./event-types.js";
export * from "./render-ingest-item-schema.js";
export * from "./wire-problems.js";

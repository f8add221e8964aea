// Segments: named conditions that flags target; refused deletes while a flag uses them.
export * from "./segment-routes.js";
export * from "./segment-service.js";

export * from "./builtin/index.js";
export * from "./create-traffic-control.js";
export * from "./fake-traffic-backend.js";
export * from "./model/index.js";
export * from "./preview-key-file.js";
export type { TrafficBackend } from "./traffic-backend.js";
export * from "./traffic-marker.js";
export * from "./traffic-routes.js";

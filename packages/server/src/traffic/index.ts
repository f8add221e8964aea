export * from "./create-traffic-control.js";
export * from "./fake-traffic-backend.js";
export * from "./preview-key-file.js";
export * from "./traffic-marker.js";
export * from "./traffic-routes.js";

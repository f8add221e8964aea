export * from "./fake-traffic-backend.js";
export * from "./model/index.js";
export type { TrafficBackend } from "./traffic-backend.js";

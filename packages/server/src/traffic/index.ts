export * from "./fake-traffic-backend.js";

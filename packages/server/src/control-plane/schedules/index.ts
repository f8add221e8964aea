// Schedules: activations due at a time, and the runner that applies each exactly once across a cluster.
export * from "./schedule-routes.js";
export * from "./schedule-runner.js";
export * from "./schedule-service.js";

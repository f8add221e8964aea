// Results: experiment analysis from the event store's per-variation sums and the statistics package.
export * from "./experiment-setup.js";
export * from "./metric-totals-source.js";
export * from "./results-routes.js";
export * from "./results-service.js";

// Metrics: named metric definitions (proportion, mean, ratio, quantile) that experiments are judged by.
export * from "./metric-routes.js";
export * from "./metric-service.js";

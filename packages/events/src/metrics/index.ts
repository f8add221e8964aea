export * from "./compile-experiment-metrics.js";
export * from "./experiment-metric-columns.js";
export type * from "./experiment-metric-totals.js";
export * from "./experiment-metrics-reader.js";
export { quantileGrid } from "./quantile-grid.js";
export * from "./resolve-metric.js";
export { shapeMetricTotals } from "./shape-metric-totals.js";

// Experiments: the named metadata of an experiment (hypothesis, metrics) beside its flag.
export * from "./experiment-routes.js";
export * from "./experiment-service.js";

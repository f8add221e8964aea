// Activations: enable, kill, ramp, rules and "serve me" per environment, with compare-and-swap retry.
export * from "./activation-ops.js";
export * from "./activation-routes.js";
export * from "./activation-service.js";
export * from "./scheduled-action.js";

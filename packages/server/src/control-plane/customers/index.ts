// The customer-support view: look a unit up (now, then, its requests), read its raw events, preview what it sees.
export * from "./customer-now.js";
export * from "./customer-ports.js";
export * from "./customer-preview-token.js";
export * from "./customer-previews.js";
export * from "./customer-routes.js";
export * from "./customer-service.js";
export * from "./exposure-timeline.js";

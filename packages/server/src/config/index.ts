export * from "./http-config.js";
export * from "./parse-server-config.js";
export * from "./server-config.js";
export * from "./trust-proxy.js";

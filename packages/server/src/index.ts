export * from "./config/parse-server-config.js";
export type * from "./config/server-config.js";
export * from "./errors/app-error.js";
export * from "./start-server.js";
export type * from "./store/config-store.js";

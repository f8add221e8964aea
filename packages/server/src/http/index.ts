export * from "./create-http-app.js";
export * from "./http-features.js";
export { LISTEN_BACKLOG } from "./server-limits.js";

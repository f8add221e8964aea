export * from "./app-deps.js";
export * from "./create-app.js";
export { LISTEN_BACKLOG } from "./server-limits.js";

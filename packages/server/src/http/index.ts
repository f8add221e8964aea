export * from "./app-deps.js";
export * from "./create-app.js";

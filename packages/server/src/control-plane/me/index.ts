// Me: who the caller is, for the dashboard and the CLI.
export * from "./me-routes.js";

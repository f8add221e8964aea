// Releases: deployments of a commit to an environment, shown as markers on the graphs.
export * from "./release-routes.js";
export * from "./release-service.js";

// Changes: the append-only audit log and the timeline markers built from it.
export * from "./change-routes.js";
export * from "./change-service.js";

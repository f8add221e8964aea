// Schema reviews: SQL migrations checked by @switchboard/sqlcheck, stored with who asked.
export * from "./schema-review-routes.js";
export * from "./schema-review-service.js";

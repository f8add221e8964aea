// This entry (`@switchboard/core/api`) is what browser code loads unbundled: it must import nothing but its own
// files. The TypeBox schemas of monitors and experiment results are values that need TypeBox, so only their types are
// re-exported here; the schemas themselves come from `@switchboard/core`.
export * from "./api-client.js";
export * from "./api-error.js";
export type * from "./change.js";
export type * from "./change-request.js";
export type * from "./code-references.js";
export type * from "./customer.js";
export * from "./error-body.js";
export * from "./error-code.js";
export type * from "./experiment-results.js";
export type * from "./me.js";
export type * from "./monitor.js";
export type * from "./query-result.js";
export type * from "./release.js";
export type * from "./schedule.js";
export type * from "./schema-review.js";
export * from "./secret-redaction.js";
export type * from "./stored-document.js";
export type * from "./traffic-views.js";

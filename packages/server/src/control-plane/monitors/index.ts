// Monitors: a metric watched against its prediction by a runner that alerts, names the cause, acts and delivers.
export * from "./alert-deliverer.js";
export * from "./budget.js";
export * from "./channel-messages.js";
export type * from "./detection.js";
export * from "./monitor-actions.js";
export * from "./monitor-routes.js";
export * from "./monitor-runner.js";
export * from "./monitor-secrets.js";
export * from "./monitor-service.js";
export type * from "./run-state.js";
export * from "./smtp-mailer.js";
export * from "./standard-webhook.js";
export * from "./stats-detection.js";

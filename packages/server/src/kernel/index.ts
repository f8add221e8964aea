// The kernel: what every server module builds on (errors, clock, input parsing, who writes and why, route specs).
export * from "./app-error.js";
export * from "./change-gate.js";
export * from "./clock.js";
export * from "./draft-body.js";
export * from "./parse-input.js";
export * from "./periodic-pass.js";
export type { Principal, Role, TokenKind } from "./principal.js";
export * from "./route-spec.js";
export * from "./send-app-error.js";
export * from "./timestamp.js";
export * from "./toggle-input.js";
export * from "./write-context.js";

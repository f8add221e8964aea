/**
 * @switchboard/core: the flag model and its JSON Schema, the payload compiler and the evaluator.
 * Pure: no I/O, no clock, no randomness, no Node-only APIs, so it runs the same in Node and in browsers.
 */

export * from "./api/experiment-results.js";
export * from "./api/index.js";
export * from "./api/monitor.js";
export * from "./condition/index.js";
export * from "./conformance/index.js";
export * from "./errors/index.js";
export * from "./evaluate/index.js";
export * from "./events/index.js";
export * from "./hash/index.js";
export * from "./model/index.js";
export * from "./payload/index.js";
export const VERSION = "0.1.0";

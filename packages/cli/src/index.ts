export * from "./cli-error.js";
export { createProgram, runCli } from "./run-cli.js";

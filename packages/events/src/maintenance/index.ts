export * from "./maintenance-runner.js";

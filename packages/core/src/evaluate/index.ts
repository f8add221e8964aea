export * from "./feature-result.js";

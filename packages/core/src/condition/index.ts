export * from "./compile-condition.js";

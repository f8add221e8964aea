export * from "./payload-types.js";

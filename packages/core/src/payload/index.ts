export * from "./decrypt.js";
export * from "./payload-types.js";

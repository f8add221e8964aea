export * from "./data-plane/index.js";
export * from "./model/index.js";

export * from "./choose-variation.js";
export * from "./fnv.js";
export * from "./fnv-digits.js";
export * from "./get-bucket-ranges.js";
export * from "./get-equal-weights.js";
export * from "./get-query-string-override.js";
export * from "./hash.js";
export * from "./in-namespace.js";

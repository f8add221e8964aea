export { createEvaluator } from "./create-evaluator.js";
export { decryptPayload } from "./decrypt-payload.js";
export type * from "./evaluator-types.js";
export { explainFlag } from "./explain-flag.js";
export * from "./feature-result.js";
export { parsePayload } from "./parse-payload.js";
export { PayloadError } from "./payload-error.js";
export type { FlagVariation } from "./result-factory.js";
export { stickyBucketKey } from "./sticky-buckets.js";

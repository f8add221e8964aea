import { createLeanEvaluator, trustPayload } from "@switchboard/core";
import type { PayloadReader } from "./payload-reader.js";
import { plainFeatures } from "./plain-features.js";

/**
 * Reads payloads without validating them again (the server validated them before serving): only their outline is
 * checked, and a flag that is malformed all the same answers its error result when evaluated. The browser entry's
 * reader. Its evaluator is the lean one (no `url` overrides, no sticky bucketing), as the client passes attributes
 * only.
 */
export const trustedReader: PayloadReader = {
  parse: trustPayload,
  evaluatorOf: (payload) => createLeanEvaluator(payload),
  featuresOf: plainFeatures,
};

import { createEvaluator, type Evaluator, parsePayload, patchEvaluator, type SdkPayload } from "@switchboard/core";

/**
 * How a client turns what it receives into a payload and an evaluator. Node (and the default entry) validates every
 * payload up front (`validatingReader`); the browser entry trusts what the server validated and guards evaluation
 * instead (`trustedReader` in `trusted-reader.ts`), which keeps the validator out of the bundle. Either way a
 * payload that cannot be read is refused as a whole, and evaluation never throws.
 */
export interface PayloadReader {
  /** A frozen payload from JSON text or a parsed value; throws (a `PayloadError`) when it cannot be read. */
  parse(raw: unknown): SdkPayload;
  /** The evaluator of a payload `parse` returned. */
  evaluatorOf(payload: SdkPayload): Evaluator;
  /**
   * `patchEvaluator`, to keep compiled the flags an update leaves alone; absent, every update gets a new evaluator
   * (the browser entry: its flags compile lazily again, and the dependency tracking stays out of the bundle).
   */
  patch?: typeof patchEvaluator;
}

/** Validates every payload in full before it is used: a malformed one is refused, naming the field. */
export const validatingReader: PayloadReader = {
  parse: parsePayload,
  evaluatorOf: (payload) => createEvaluator(payload),
  patch: patchEvaluator,
};

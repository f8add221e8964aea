import type { SdkPayload } from "../payload/payload-types.js";
import { buildEvaluator } from "./build-evaluator.js";
import type { Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { isParsedPayload } from "./parsed-payloads.js";
import { validatePayload } from "./validate-payload.js";

export { patchEvaluator } from "./build-evaluator.js";

/**
 * Turns a payload into an evaluator. The payload is validated as a whole up front (a malformed one throws a
 * `PayloadError`, see `parsePayload`); each flag is compiled into closures on its first evaluation, with its
 * conditions, hashes of constant seeds and context-independent results precomputed (`eager` compiles all now).
 * The payload is read in place, not copied: do not change it afterwards, or pass `parsePayload(payload)`.
 * @example createEvaluator(payload).evaluate("new-checkout", { attributes: { id: "u1" } }).value
 */
export function createEvaluator(payload: SdkPayload, options: EvaluatorOptions = {}): Evaluator {
  return buildEvaluator(isParsedPayload(payload) ? payload : validatePayload(payload), options);
}

import { finishHashV2Plain } from "../hash/fnv.js";
import type { SdkPayload } from "../payload/payload-types.js";
import { newEvaluator } from "./evaluator-over.js";
import type { Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { FeatureTable } from "./feature-table.js";

/**
 * `createTrustedEvaluator` without what a context has to switch on: `url` query-string overrides and sticky
 * bucketing. Contexts' `url` and `stickyBuckets` are ignored (as if absent), so their code stays out of the bundle.
 * Version 2 hashes finish without the digit tables (`finishHashV2Plain`: same values, a string per hash).
 * The browser SDK client's evaluator: it only ever passes attributes.
 */
export function createLeanEvaluator(payload: SdkPayload, options: EvaluatorOptions = {}): Evaluator {
  return newEvaluator(
    payload,
    options,
    { safePattern: undefined, extras: undefined, finishHashV2: finishHashV2Plain },
    (definitions, compiler) => new FeatureTable(definitions, compiler),
  );
}

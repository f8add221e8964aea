import { compileJsonText } from "../condition/json-text-equality.js";
import type { ConditionFlavor } from "../condition/matcher.js";
import { finishHashV2Plain } from "../hash/fnv.js";
import type { SdkPayload } from "../payload/payload-types.js";
import { newEvaluator } from "./evaluator-over.js";
import type { Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { FeatureTable } from "./feature-table.js";

/** Regexes as the server accepted them, and no fast paths: the general matchers give the same answers. */
export const LEAN_CONDITIONS: ConditionFlavor = {
  safePattern: undefined,
  jsonEquals: compileJsonText,
  fieldEquality: undefined,
};

/**
 * `createTrustedEvaluator` without what a context has to switch on: `url` query-string overrides and sticky
 * bucketing. Contexts' `url` and `stickyBuckets` are ignored (as if absent), so their code stays out of the bundle.
 * Version 2 hashes finish without the digit tables (`finishHashV2Plain`: same values, a string per hash), and
 * conditions compile without their fast paths (array and object equality compares JSON text, as GrowthBook does).
 * The browser SDK client's evaluator: it only ever passes attributes.
 */
export function createLeanEvaluator(payload: SdkPayload, options: EvaluatorOptions = {}): Evaluator {
  return newEvaluator(
    payload,
    options,
    { conditions: LEAN_CONDITIONS, extras: undefined, finishHashV2: finishHashV2Plain },
    (definitions, compiler) => new FeatureTable(definitions, compiler),
  );
}

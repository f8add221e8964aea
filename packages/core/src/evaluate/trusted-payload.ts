import { compileFieldEquality } from "../condition/field-equality.js";
import { compileJsonEquals } from "../condition/json-equality.js";
import type { ConditionFlavor } from "../condition/matcher.js";
import { finishHashV2 } from "../hash/fnv-digits.js";
import type { SdkPayload } from "../payload/payload-types.js";
import { cloneJson, isJsonObject } from "./clone-json.js";
import { newEvaluator } from "./evaluator-over.js";
import type { Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { EXPERIMENT_EXTRAS } from "./experiment-extras.js";
import { FeatureTable } from "./feature-table.js";
import { PayloadError } from "./payload-error.js";
import { readPayloadJson } from "./read-payload-json.js";

/**
 * Reads a payload the server has already validated (a JSON string or a parsed value) without validating it again:
 * the browser path, where the validator would be a fifth of the bundle. Only what every later step relies on is
 * checked (an object whose `features` is an object); a flag that is malformed all the same is caught when it is
 * compiled or evaluated, and answers its error result (`createTrustedEvaluator`). Throws a `PayloadError` for the
 * rest, like `parsePayload`; the copy is frozen, so the host's later changes cannot reach it.
 * @example trustPayload('{"features":{"x":{"defaultValue":true}}}')
 */
export function trustPayload(json: string | unknown): SdkPayload {
  const value = readPayloadJson(json);
  if (!isJsonObject(value)) throw new PayloadError("", "must be an object");
  const features = value["features"];
  if (features !== undefined && !isJsonObject(features)) throw new PayloadError("features", "must be an object");
  return cloneJson(value) as SdkPayload;
}

/** Conditions of trusted payloads: regexes as the server accepted them, every fast path built. */
const TRUSTED_CONDITIONS: ConditionFlavor = {
  safePattern: undefined,
  jsonEquals: compileJsonEquals,
  fieldEquality: compileFieldEquality,
};

/**
 * An evaluator over a trusted payload (`trustPayload`), with no validation up front: evaluation is guarded
 * instead, and never throws. `$regex` patterns are not put through the backtracking check either (the server
 * refuses unsafe ones on write): a pattern `RegExp` rejects still never matches, and a match that throws makes its
 * condition false. Its flags are not tracked for `patchEvaluator` (a new payload means a new evaluator; flags
 * compile lazily, so that costs one compilation per flag evaluated again).
 */
export function createTrustedEvaluator(payload: SdkPayload, options: EvaluatorOptions = {}): Evaluator {
  return newEvaluator(
    payload,
    options,
    { conditions: TRUSTED_CONDITIONS, extras: EXPERIMENT_EXTRAS, finishHashV2 },
    (definitions, compiler) => new FeatureTable(definitions, compiler),
  );
}

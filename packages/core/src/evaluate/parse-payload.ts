import type { SdkPayload } from "../payload/payload-types.js";
import { cloneJson, entryPath, fieldPath, isJsonObject } from "./clone-json.js";
import { PayloadError } from "./payload-error.js";
import { checkRule } from "./rule-checks.js";
import {
  arrayOf,
  checkFields,
  isArray,
  isBoolean,
  isNumber,
  isNumberArray,
  isObject,
  isString,
  requireFields,
} from "./shape-checks.js";

/** Payloads that came out of `parsePayload`: already validated and frozen, so compiling them skips the copy. */
const parsedPayloads = new WeakSet<object>();

const checkVariation = (value: unknown, path: string): void => {
  checkFields(value, path, { key: isString });
  requireFields(value as Record<string, unknown>, path, ["key"]);
};

const checkLeaf = (value: unknown, path: string): void => {
  checkFields(value, path, { leafId: isNumber, condition: isObject, weights: isNumberArray });
};

/**
 * Validates an SDK payload (a JSON string or an already parsed value) and returns a frozen deep copy.
 * A malformed payload is rejected as a whole with a `PayloadError` naming the field, never half-loaded.
 * @example parsePayload('{"features":{"x":{"defaultValue":true}}}')
 */
export function parsePayload(json: string | unknown): SdkPayload {
  let value: unknown = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new PayloadError("", `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (isJsonObject(value) && parsedPayloads.has(value)) return value as SdkPayload;
  if (!isJsonObject(value)) throw new PayloadError("", "the payload must be a JSON object");
  const payload = cloneJson(value, "") as Record<string, unknown>;
  checkFields(payload, "", {
    savedGroups: isObject,
    encryptedFeatures: isString,
    encryptedSavedGroups: isString,
    dateUpdated: isString,
    experiments: isArray,
  });
  checkFeatures(payload["features"]);
  checkContextualBandits(payload["contextualBandits"]);
  parsedPayloads.add(payload);
  return payload as SdkPayload;
}

/** Whether a payload is a frozen result of `parsePayload`. */
export function isParsedPayload(payload: unknown): boolean {
  return isJsonObject(payload) && parsedPayloads.has(payload);
}

function checkFeatures(features: unknown): void {
  if (features === undefined) return;
  isObject(features, "features");
  for (const [key, feature] of Object.entries(features as Record<string, unknown>)) {
    const path = entryPath("features", key);
    checkFields(feature, path, { rules: isArray, variations: arrayOf(checkVariation), disabled: isBoolean });
    const rules = (feature as Record<string, unknown>)["rules"] as unknown[] | undefined;
    rules?.forEach((rule, i) => {
      checkRule(rule, `${fieldPath(path, "rules")}[${i}]`);
    });
  }
}

function checkContextualBandits(bandits: unknown): void {
  if (bandits === undefined) return;
  isObject(bandits, "contextualBandits");
  for (const [key, bandit] of Object.entries(bandits as Record<string, unknown>)) {
    checkFields(bandit, entryPath("contextualBandits", key), { banditVersion: isNumber, contexts: arrayOf(checkLeaf) });
  }
}

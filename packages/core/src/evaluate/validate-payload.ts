import type { SdkPayload } from "../payload/payload-types.js";
import {
  assertJsonTree,
  cloneJson,
  entryPath,
  fieldPath,
  isJsonObject,
  isJsonTree,
  isPlainObject,
} from "./clone-json.js";
import { isCommonFeature } from "./common-feature.js";
import { PayloadError } from "./payload-error.js";
import { checkRule } from "./rule-checks.js";
import {
  arrayOf,
  checkFields,
  type FieldCheck,
  isArray,
  isBoolean,
  isNumber,
  isNumberArray,
  isObject,
  isString,
  requireFields,
} from "./shape-checks.js";

const checkVariation: FieldCheck = (value, path) => {
  checkFields(value, path, { key: isString });
  requireFields(value as Record<string, unknown>, path, ["key"]);
};

const checkLeaf: FieldCheck = (value, path) => {
  checkFields(value, path, { leafId: isNumber, condition: isObject, weights: isNumberArray });
};

const PAYLOAD_FIELDS: Readonly<Record<string, FieldCheck>> = {
  savedGroups: isObject,
  encryptedFeatures: isString,
  encryptedSavedGroups: isString,
  dateUpdated: isString,
  experiments: isArray,
};

const FEATURE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  rules: isArray,
  variations: arrayOf(checkVariation),
  disabled: isBoolean,
};

// Depths as `cloneJson` counts them: the payload 0, its fields 1, a feature 2.
const PAYLOAD_FIELD_DEPTH = 1;
const FEATURE_DEPTH = 2;

/**
 * Validates a parsed SDK payload in place, without copying it: it accepts what `parsePayload` accepts, and a
 * malformed payload fails with a `PayloadError` naming the field the same way.
 * @example validatePayload(JSON.parse(text)).features
 */
export function validatePayload(value: unknown): SdkPayload {
  if (!isJsonObject(value)) throw new PayloadError("", "the payload must be a JSON object");
  for (const field in value) {
    if (field !== "features" && !isJsonTree(value[field], PAYLOAD_FIELD_DEPTH)) cloneJson(value, "");
  }
  checkFields(value, "", PAYLOAD_FIELDS);
  checkFeatures(value["features"]);
  checkContextualBandits(value["contextualBandits"]);
  return value as SdkPayload;
}

function checkFeatures(features: unknown): void {
  if (features === undefined) return;
  isObject(features, "features");
  if (!isPlainObject(features)) cloneJson(features, "features", PAYLOAD_FIELD_DEPTH);
  const byKey = features as Record<string, unknown>;
  for (const key in byKey) {
    const feature = byKey[key];
    if (feature !== undefined && !isCommonFeature(feature)) checkFeature(entryPath("features", key), feature);
  }
}

/** The complete checks of one feature, with problem paths: the path for shapes `isCommonFeature` skips. */
function checkFeature(path: string, feature: unknown): void {
  assertJsonTree(feature, path, FEATURE_DEPTH);
  checkFields(feature, path, FEATURE_FIELDS);
  const rules = (feature as Record<string, unknown>)["rules"] as unknown[] | undefined;
  if (rules === undefined) return;
  for (let i = 0; i < rules.length; i++) checkRule(rules[i], `${fieldPath(path, "rules")}[${i}]`);
}

function checkContextualBandits(bandits: unknown): void {
  if (bandits === undefined) return;
  isObject(bandits, "contextualBandits");
  for (const [key, bandit] of Object.entries(bandits as Record<string, unknown>)) {
    checkFields(bandit, entryPath("contextualBandits", key), { banditVersion: isNumber, contexts: arrayOf(checkLeaf) });
  }
}

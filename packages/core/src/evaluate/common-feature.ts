import { isJsonObject, isJsonTree, isPlainObject } from "./clone-json.js";

// Depths as `cloneJson` counts them from the payload: features 1, a feature 2, its fields 3, a rule 4, its fields 5.
const FEATURE_FIELD_DEPTH = 3;
const RULE_FIELD_DEPTH = 5;

const STRING = 1;
const FINITE_NUMBER = 2;
const BOOLEAN = 3;
const OBJECT = 4;
const ARRAY = 5;
const NUMBER_ARRAY = 6;
const DEFER = 7;

/**
 * The checks of `rule-checks.ts` for the fields common rules use, as codes: one property load and a jump beat a
 * chain of string compares while the code is still interpreted. Fields not listed may hold any JSON value (names
 * inherited from `Object.prototype` read as non-numbers, which means the same). Not a null-prototype object: those
 * are kept as hash tables, slower to read.
 */
const RULE_FIELD_KINDS: Readonly<Record<string, unknown>> = {
  id: STRING,
  key: STRING,
  hashAttribute: STRING,
  fallbackAttribute: STRING,
  seed: STRING,
  name: STRING,
  phase: STRING,
  contextualBanditRef: STRING,
  coverage: FINITE_NUMBER,
  hashVersion: FINITE_NUMBER,
  bucketVersion: FINITE_NUMBER,
  minBucketVersion: FINITE_NUMBER,
  disableStickyBucketing: BOOLEAN,
  condition: OBJECT,
  variations: ARRAY,
  weights: NUMBER_ARRAY,
  parentConditions: DEFER,
  contextualVariations: DEFER,
  range: DEFER,
  namespace: DEFER,
  ranges: DEFER,
  meta: DEFER,
  filters: DEFER,
  tracks: DEFER,
};

/**
 * Whether a feature definition is valid in the common shapes (targeting and rollout rules, plain experiments),
 * answered by one allocation-free pass: loading thousands of flags runs this mostly before the JIT warms up, so it
 * builds no problem paths and makes few calls. `false` means "not proven valid", never "invalid": the caller then
 * runs the complete checks, which name the problem (or accept the rarer shapes skipped here).
 */
export function isCommonFeature(feature: unknown): boolean {
  if (!isPlainObject(feature)) return false;
  for (const field in feature) {
    const value = feature[field];
    if (field === "rules") {
      if (!isCommonRules(value)) return false;
    } else if (field === "variations") {
      if (!areFlagVariations(value)) return false;
    } else if (field === "disabled") {
      if (typeof value !== "boolean") return false;
    } else if (typeof value === "object" && !isJsonTree(value, FEATURE_FIELD_DEPTH)) {
      return false;
    } else if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      return false;
    }
  }
  return true;
}

function isCommonRules(rules: unknown): boolean {
  if (!Array.isArray(rules)) return false;
  for (let i = 0; i < rules.length; i++) {
    const rule: unknown = rules[i];
    if (!isPlainObject(rule)) return false;
    // One loop with the checks inline: a call per field costs more than the check itself in the interpreter.
    for (const field in rule) {
      const value = rule[field];
      switch (RULE_FIELD_KINDS[field]) {
        case STRING:
          if (typeof value !== "string" && value !== undefined) return false;
          break;
        case FINITE_NUMBER:
          if (value !== undefined && !(typeof value === "number" && Number.isFinite(value))) return false;
          break;
        case BOOLEAN:
          if (typeof value !== "boolean" && value !== undefined) return false;
          break;
        case OBJECT:
          if (value !== undefined && !(isJsonObject(value) && isJsonTree(value, RULE_FIELD_DEPTH))) return false;
          break;
        case ARRAY:
          if (value !== undefined && !(Array.isArray(value) && isJsonTree(value, RULE_FIELD_DEPTH))) return false;
          break;
        case NUMBER_ARRAY:
          if (value !== undefined && !isFiniteNumberArray(value)) return false;
          break;
        case DEFER:
          if (value !== undefined) return false;
          break;
        default:
          if (typeof value === "object" ? !isJsonTree(value, RULE_FIELD_DEPTH) : !isJsonScalarOrUndefined(value)) {
            return false;
          }
      }
    }
  }
  return true;
}

function isJsonScalarOrUndefined(value: unknown): boolean {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "undefined";
}

/** Switchboard's flag variations: objects with a string `key`. */
function areFlagVariations(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const variation: unknown = value[i];
    if (!isPlainObject(variation) || typeof variation["key"] !== "string") return false;
    if (!isJsonTree(variation, FEATURE_FIELD_DEPTH + 1)) return false;
  }
  return true;
}

function isFiniteNumberArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const n: unknown = value[i];
    if (typeof n !== "number" || !Number.isFinite(n)) return false;
  }
  return true;
}

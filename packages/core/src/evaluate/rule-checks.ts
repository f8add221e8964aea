import {
  arrayOf,
  checkFields,
  type FieldCheck,
  isArray,
  isBoolean,
  isNamespace,
  isNumber,
  isNumberArray,
  isObject,
  isRange,
  isRangeArray,
  isString,
  requireFields,
} from "./shape-checks.js";

const checkParentCondition: FieldCheck = (value, path) => {
  checkFields(value, path, { id: isString, condition: isObject, gate: isBoolean });
  requireFields(value as Record<string, unknown>, path, ["id"]);
};

const checkMeta: FieldCheck = (value, path) => {
  checkFields(value, path, { key: isString, name: isString, passthrough: isBoolean });
};

const checkFilter: FieldCheck = (value, path) => {
  checkFields(value, path, { attribute: isString, seed: isString, hashVersion: isNumber, ranges: isRangeArray });
  requireFields(value as Record<string, unknown>, path, ["seed", "ranges"]);
};

const RULE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  id: isString,
  condition: isObject,
  parentConditions: arrayOf(checkParentCondition),
  variations: isArray,
  contextualVariations: isArray,
  contextualBanditRef: isString,
  weights: isNumberArray,
  key: isString,
  hashAttribute: isString,
  fallbackAttribute: isString,
  hashVersion: isNumber,
  disableStickyBucketing: isBoolean,
  bucketVersion: isNumber,
  minBucketVersion: isNumber,
  range: isRange,
  coverage: isNumber,
  namespace: isNamespace,
  ranges: isRangeArray,
  meta: arrayOf(checkMeta),
  filters: arrayOf(checkFilter),
  seed: isString,
  name: isString,
  phase: isString,
  tracks: isArray,
};

/** Checks one feature rule of a payload; throws a `PayloadError` naming the first bad field. */
export function checkRule(rule: unknown, path: string): void {
  checkFields(rule, path, RULE_FIELDS);
}

import { fieldPath, isJsonObject } from "./clone-json.js";
import { PayloadError } from "./payload-error.js";

/** A check of one optional field of an already JSON-cloned object; throws a `PayloadError` naming the path. */
export type FieldCheck = (value: unknown, path: string) => void;

function fail(path: string, problem: string): never {
  throw new PayloadError(path, problem);
}

export const isString: FieldCheck = (v, p) => {
  if (typeof v !== "string") fail(p, "must be a string");
};

export const isBoolean: FieldCheck = (v, p) => {
  if (typeof v !== "boolean") fail(p, "must be a boolean");
};

export const isNumber: FieldCheck = (v, p) => {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(p, "must be a finite number");
};

export const isObject: FieldCheck = (v, p) => {
  if (!isJsonObject(v)) fail(p, "must be an object");
};

export const isArray: FieldCheck = (v, p) => {
  if (!Array.isArray(v)) fail(p, "must be an array");
};

export const isNumberArray: FieldCheck = (v, p) => {
  if (!Array.isArray(v) || !v.every((n) => typeof n === "number" && Number.isFinite(n))) {
    fail(p, "must be an array of numbers");
  }
};

export const isRange: FieldCheck = (v, p) => {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => typeof n === "number" && Number.isFinite(n))) {
    fail(p, "must be a range [start, end] of two numbers");
  }
};

export const isRangeArray: FieldCheck = (v, p) => {
  isArray(v, p);
  (v as unknown[]).forEach((range, i) => {
    isRange(range, `${p}[${i}]`);
  });
};

export const isNamespace: FieldCheck = (v, p) => {
  if (
    !Array.isArray(v) ||
    v.length !== 3 ||
    typeof v[0] !== "string" ||
    typeof v[1] !== "number" ||
    typeof v[2] !== "number"
  ) {
    fail(p, "must be a namespace [id, start, end]");
  }
};

/** Checks that `value` is an object and each listed field, when present, passes its check. */
export function checkFields(value: unknown, path: string, checks: Readonly<Record<string, FieldCheck>>): void {
  isObject(value, path);
  const record = value as Record<string, unknown>;
  for (const field in checks) {
    const fieldValue = record[field];
    const check = checks[field];
    if (fieldValue !== undefined && check !== undefined) check(fieldValue, fieldPath(path, field));
  }
}

/** Checks that `value` has each listed field (or fails with `is required`). */
export function requireFields(value: Record<string, unknown>, path: string, fields: readonly string[]): void {
  for (const field of fields) {
    if (value[field] === undefined) fail(fieldPath(path, field), "is required");
  }
}

/** Builds a check for an array whose items are each checked by `item`. */
export function arrayOf(item: FieldCheck): FieldCheck {
  return (v, p) => {
    isArray(v, p);
    (v as unknown[]).forEach((entry, i) => {
      item(entry, `${p}[${i}]`);
    });
  };
}

import type { ValueMatcher } from "./matcher.js";

/*
 * GrowthBook compares a primitive condition with JavaScript coercion: a string condition with `value + ""`,
 * a number condition with `value * 1`. These matchers reproduce that exactly, with the common types answered
 * by type checks (no allocation) and only exotic values (objects, bigints) sent through a guarded coercion.
 */

/** Matches when `value + ""` equals `expected` (so `123` matches `"123"` and `null` matches `"null"`). */
export function compileStringEquals(expected: string): ValueMatcher {
  const asNumber = Number(expected);
  // Only the canonical spelling of a number can equal `number + ""` ("1.0" and "01" never do).
  const spellsNumber = String(asNumber) === expected;
  return (value) => {
    if (typeof value === "string") return value === expected;
    if (typeof value === "number") {
      return spellsNumber && (value === asNumber || (Number.isNaN(value) && Number.isNaN(asNumber)));
    }
    if (typeof value === "boolean") return (value ? "true" : "false") === expected;
    if (value === null) return expected === "null";
    if (value === undefined) return expected === "undefined";
    return concatenatesTo(value, expected);
  };
}

function concatenatesTo(value: unknown, expected: string): boolean {
  try {
    // Exactly GrowthBook's coercion (ToPrimitive with the default hint), which `String(value)` is not.
    // biome-ignore lint/style/useTemplate: a template literal would coerce with the string hint instead.
    return (value as object) + "" === expected;
  } catch {
    return false; // symbols, or objects whose valueOf/toString throws
  }
}

/** Matches when `String(value).toLowerCase()` equals the lower-cased `expected` (used by `$alli`). */
export function compileStringEqualsIgnoringCase(expected: string): ValueMatcher {
  const folded = expected.toLowerCase();
  return (value) => {
    if (typeof value === "string") return value.toLowerCase() === folded;
    try {
      return String(value).toLowerCase() === folded;
    } catch {
      return false;
    }
  };
}

/** Matches when `value * 1` equals `expected` (so `"18"` matches `18` and a missing attribute matches `0`). */
export function compileNumberEquals(expected: number): ValueMatcher {
  return (value) => {
    if (typeof value === "number") return value === expected;
    if (typeof value === "string") return Number(value) === expected;
    if (typeof value === "boolean") return (value ? 1 : 0) === expected;
    if (value === null) return expected === 0;
    if (value === undefined) return false;
    return multipliesTo(value, expected);
  };
}

function multipliesTo(value: unknown, expected: number): boolean {
  try {
    return (value as number) * 1 === expected;
  } catch {
    return false; // bigints and symbols cannot be multiplied by a number
  }
}

/** Matches when `value` is not null and its truthiness equals `expected`. */
export function compileBooleanEquals(expected: boolean): ValueMatcher {
  return expected ? (value) => value !== null && !!value : (value) => value !== null && !value;
}

/** Matches only `null` (which is also what a missing attribute reads as). */
export const matchesNull: ValueMatcher = (value) => value === null;

/** Converts a value to a string the way `RegExp.prototype.test` does; `undefined` when that would throw. */
export function toTestedString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "symbol") return undefined;
  try {
    return String(value);
  } catch {
    return undefined;
  }
}

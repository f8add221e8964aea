import { NEVER, type ValueMatcher } from "./matcher.js";

/**
 * GrowthBook's own array and object comparison, literally: `JSON.stringify(value) === JSON.stringify(condition)`.
 * It serialises the attribute on every evaluation, where `compileJsonEquals` walks it without allocating; same
 * answers, far less code, so the lean (browser) evaluator uses this one.
 */
export function compileJsonText(expected: unknown): ValueMatcher {
  const text = conditionText(expected);
  return text === undefined ? NEVER : (value) => serialisesTo(value, text);
}

/** A condition's JSON text; undefined when it has none (cyclic, a bigint, a function). */
export function conditionText(expected: unknown): string | undefined {
  try {
    return JSON.stringify(expected);
  } catch {
    return undefined; // a cyclic or bigint condition cannot equal any serialisation
  }
}

/** Whether `value` serialises to `text`; false for what cannot be serialised (bigints, cycles). */
export function serialisesTo(value: unknown, text: string): boolean {
  try {
    return JSON.stringify(value) === text;
  } catch {
    return false;
  }
}

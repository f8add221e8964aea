import { NEVER, type ValueMatcher } from "./matcher.js";

/**
 * GrowthBook's own array and object comparison, literally: `JSON.stringify(value) === JSON.stringify(condition)`.
 * It serialises the attribute on every evaluation, where `compileJsonEquals` walks it without allocating; same
 * answers, far less code, so the lean (browser) evaluator uses this one.
 */
export function compileJsonText(expected: unknown): ValueMatcher {
  let text: string | undefined;
  try {
    text = JSON.stringify(expected);
  } catch {
    return NEVER; // a cyclic or bigint condition cannot equal any serialisation
  }
  if (text === undefined) return NEVER;
  return (value) => {
    try {
      return JSON.stringify(value) === text;
    } catch {
      return false; // bigints and cycles cannot be serialised
    }
  };
}

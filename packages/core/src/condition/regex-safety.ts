import safeRegex from "safe-regex2";

/**
 * Whether a regex pattern is free of catastrophic backtracking, judged by its star height (model validation,
 * the server's filters). Evaluation applies the same verdict through `hasSafeStarHeight`, which needs no parser
 * library, so browser bundles leave `safe-regex2` out.
 *
 * How: `safe-regex2` parses the pattern and rejects it when a quantifier sits inside another quantified group
 * (star height above 1, e.g. `(a+)+$`, `(x+x+)+y`, `(a*)*`) or when it holds more than 25 quantifiers.
 * Limits: it is a heuristic in both directions. It misses exponential patterns of star height 1 built from
 * overlapping alternatives (`(a|a)*$`, `(\w|\d)+$`) and polynomial ones (`\s*\s*$` on long input), and it
 * rejects some harmless patterns: nested quantifiers that cannot overlap (`(ab+)+`), and syntax its parser does
 * not know, such as lookbehind (`(?<=a)b`), which therefore never matches here. Invalid patterns are unsafe.
 * The check is pure JavaScript, so it runs in browsers as well as in Node.
 */
export function isRegexSafe(pattern: string): boolean {
  return safeRegex(pattern);
}

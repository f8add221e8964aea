import safeRegex from "safe-regex2";
import { toTestedString } from "./loose-equality.js";
import { type CompileContext, formatValue, NEVER, type ValueMatcher } from "./matcher.js";

const LOOKBEHIND = /\(\?<[=!]/;

/**
 * Whether a regex pattern is free of catastrophic backtracking, judged by its star height.
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

/** Compiles a `$regex`-family pattern once, or returns `undefined` (with a warning) when it must never match. */
export function compileSafeRegex(pattern: unknown, flags: "" | "i", context: CompileContext): RegExp | undefined {
  if (typeof pattern !== "string") {
    context.warnings?.push(`regex ${formatValue(pattern)} is not a string; the clause never matches`);
    return undefined;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch {
    context.warnings?.push(`regex ${JSON.stringify(pattern)} is invalid; the clause never matches`);
    return undefined;
  }
  if (!isRegexSafe(pattern)) {
    const reason = LOOKBEHIND.test(pattern)
      ? "uses lookbehind, which the backtracking check cannot analyse"
      : "can backtrack catastrophically";
    context.warnings?.push(`regex ${JSON.stringify(pattern)} ${reason}; the clause never matches`);
    return undefined;
  }
  return regex;
}

/** Compiles `$regex`/`$regexi` (or their negations): the value, as a string, must (not) match. */
export function compileRegexMatch(
  pattern: unknown,
  flags: "" | "i",
  negate: boolean,
  context: CompileContext,
): ValueMatcher {
  const regex = compileSafeRegex(pattern, flags, context);
  if (regex === undefined) return NEVER;
  return (value) => {
    if (typeof value === "string") return regex.test(value) !== negate;
    // `RegExp#test` stringifies, so `null` is tested as "null" and `["a"]` as "a".
    const text = toTestedString(value);
    return text !== undefined && regex.test(text) !== negate;
  };
}

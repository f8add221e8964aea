import { toTestedString } from "./loose-equality.js";
import { type CompileContext, formatValue, NEVER, type ValueMatcher } from "./matcher.js";

const LOOKBEHIND = /\(\?<[=!]/;

/**
 * Compiles a `$regex`-family pattern once, or returns `undefined` (with a warning) when it must never match:
 * not a string, invalid, or refused by the context's backtracking check (`hasSafeStarHeight`, the verdict of
 * `isRegexSafe`; absent on the trusted browser path, where the server checked the pattern on write).
 */
export function compileSafeRegex(pattern: unknown, flags: "" | "i", context: CompileContext): RegExp | undefined {
  if (typeof pattern !== "string") return refuse(context, formatValue(pattern), "is not a string");
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch {
    return refuse(context, JSON.stringify(pattern), "is invalid");
  }
  const safePattern = context.flavor.safePattern;
  if (safePattern !== undefined && !safePattern(pattern)) {
    const reason = LOOKBEHIND.test(pattern)
      ? "uses lookbehind, which the backtracking check cannot analyse"
      : "can backtrack catastrophically";
    return refuse(context, JSON.stringify(pattern), reason);
  }
  return regex;
}

function refuse(context: CompileContext, shown: string, reason: string): undefined {
  context.warnings?.push(`regex ${shown} ${reason}; the clause never matches`);
  return undefined;
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

import { RE2JS } from "re2js";

// JavaScript habits RE2 has no equivalent for, named so that the message says what to write instead.
const HABITS: readonly (readonly [RegExp, string])[] = [
  [/\(\?<[=!]/, "lookbehind (?<= and (?<! is not supported: match the preceding text itself, or add a second filter"],
  [/\(\?[=!]/, "lookahead (?= and (?! is not supported: match the following text itself, or add a second filter"],
  [/\(\?>/, "atomic groups (?> are not supported; RE2 never backtracks, so a plain group (?: does the same"],
  [/\\[1-9]|\\k</, "backreferences (\\1, \\k<name>) are not supported"],
  [/[*+?}][*+]/, "possessive or doubled quantifiers (a*+, a++, a**) are not supported; use one quantifier"],
];

// Newer RE2 releases accept (?<name>…), but the engines the event stores embed do not: only (?P<name>…).
const JS_NAMED_GROUP = /\(\?<[A-Za-z_]/;

/**
 * Why a regular expression is not one the event stores can run, or undefined when it is. Both DuckDB and ClickHouse
 * match with RE2, whose syntax differs from JavaScript's (no lookaround, no backreferences, other escapes), so the
 * pattern is parsed by `re2js`, a port of RE2's own parser, rather than by `RegExp`.
 */
export function re2SyntaxProblem(pattern: string): string | undefined {
  const reason = re2ParseError(pattern);
  if (reason === undefined) {
    if (!JS_NAMED_GROUP.test(withoutEscapes(pattern))) return undefined;
    return "is not valid RE2 syntax: named groups are written (?P<name>…), not (?<name>…)";
  }
  const habit = HABITS.find(([construct]) => construct.test(pattern.replaceAll("\\\\", "")));
  return `is not valid RE2 syntax: ${habit?.[1] ?? reason}`;
}

function re2ParseError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^error parsing regexp: /, "").replaceAll("`", "");
  }
}

function withoutEscapes(pattern: string): string {
  return pattern.replace(/\\./gs, "");
}

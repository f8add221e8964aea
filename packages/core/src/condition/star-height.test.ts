import safeRegex from "safe-regex2";
import { describe, expect, test } from "vitest";
import { hasSafeStarHeight } from "./star-height.js";

const FIXED_PATTERNS = [
  "^ping",
  "(Mobile|Tablet)",
  "^[a-z0-9._-]+@example\\.com$",
  "\\d{3}-\\d{4}",
  "[^/]+",
  "(a+)+$",
  "(x+x+)+y",
  "(a*)*b",
  "^(\\w+\\s?)*$",
  "(a|a)*$",
  "(ab+)+",
  "a+?",
  "(a+)+?",
  "(?:a?){2}",
  "(?<=/)admin",
  "(?<!x)y",
  "(?<name>a+)+",
  "(?<year>\\d{4})-(?<month>\\d{2})",
  "(?=a+)*b",
  "[(]+(a)+",
  "[\\]+]+(b*)*",
  "\\u0028a+\\u0029+",
  "\\u005C(a+)+",
  "\\x5B(a+)+]",
  "[\\b]+",
  "\\1(a)+",
  "\\18+",
  "a{2}{,3}",
  "(a{1,}){2,}",
  "x{,5}+",
  `^${"a?".repeat(25)}$`,
  `^${"a?".repeat(26)}$`,
  "(?i:a)",
  "",
];

/** mulberry32: a fixed-seed generator, so every run tests the same patterns. */
function randomOf(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "b",
  ".",
  "^",
  "$",
  "-",
  "(",
  ")",
  "(?:",
  "(?=",
  "(?!",
  "(?<=",
  "(?<n>",
  "(?<é>",
  "|",
  "*",
  "+",
  "?",
  "{2}",
  "{1,}",
  "{0,3}",
  "{,3}",
  "{",
  "}",
  "[",
  "]",
  "[^",
  "\\",
  "\\d",
  "\\w",
  "\\1",
  "\\u0028",
  "\\u005C",
  "\\x5D",
  "\\b",
  "\\]",
  "\\(",
  "\\cA",
];

function generatedPatterns(count: number): string[] {
  const random = randomOf(0x5eed);
  const patterns: string[] = [];
  while (patterns.length < count) {
    let pattern = "";
    const length = 1 + Math.floor(random() * 14);
    for (let i = 0; i < length; i++) pattern += PIECES[Math.floor(random() * PIECES.length)];
    if (isValidRegex(pattern)) patterns.push(pattern);
  }
  return patterns;
}

function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, "i");
    return true;
  } catch {
    return false;
  }
}

describe("hasSafeStarHeight", () => {
  test("agrees with safe-regex2 on known safe, unsafe and unparsable patterns", () => {
    for (const pattern of FIXED_PATTERNS.filter(isValidRegex)) {
      expect({ pattern, safe: hasSafeStarHeight(pattern) }).toEqual({ pattern, safe: safeRegex(pattern) });
    }
  });

  test("agrees with safe-regex2 on 20,000 generated valid patterns", () => {
    const disagreements = generatedPatterns(20_000).filter(
      (pattern) => hasSafeStarHeight(pattern) !== safeRegex(pattern),
    );
    expect(disagreements).toEqual([]);
  });

  test("refuses nested quantifiers and lookbehind", () => {
    expect(hasSafeStarHeight("(a+)+$")).toBe(false);
    expect(hasSafeStarHeight("(?<=/)admin")).toBe(false);
    expect(hasSafeStarHeight("^[a-z]+@example\\.com$")).toBe(true);
  });
});

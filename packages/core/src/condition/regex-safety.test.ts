import { describe, expect, test } from "vitest";
import { compileCondition } from "./compile-condition.js";
import { isRegexSafe } from "./regex-safety.js";

describe("isRegexSafe", () => {
  test("accepts ordinary targeting patterns", () => {
    for (const pattern of ["^ping", "(Mobile|Tablet)", "^[a-z0-9._-]+@example\\.com$", "\\d{3}-\\d{4}", "[^/]+"]) {
      expect(isRegexSafe(pattern)).toBe(true);
    }
  });

  test("rejects nested quantifiers that can backtrack catastrophically", () => {
    for (const pattern of ["(a+)+$", "(x+x+)+y", "(a*)*b", "^(\\w+\\s?)*$"]) {
      expect(isRegexSafe(pattern)).toBe(false);
    }
  });

  test("rejects patterns that are not valid regexes", () => {
    expect(isRegexSafe("/???***[)")).toBe(false);
  });
});

describe("regex clauses in compiled conditions", () => {
  test("an unsafe pattern never matches, even text it would match, and is reported", () => {
    const warnings: string[] = [];
    const compiled = compileCondition({ name: { $regex: "(a+)+$" } }, {}, warnings);
    expect(compiled({ name: "aaa" })).toBe(false);
    expect(warnings).toEqual(['regex "(a+)+$" can backtrack catastrophically; the clause never matches']);
  });

  test("an unsafe pattern returns at once on input built to make it backtrack", () => {
    const compiled = compileCondition({ name: { $regex: "^(a+)+$" } });
    const started = performance.now();
    expect(compiled({ name: `${"a".repeat(40)}!` })).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  test("an invalid pattern never matches and is reported as invalid", () => {
    const warnings: string[] = [];
    expect(compileCondition({ name: { $regex: "/???***[)" } }, {}, warnings)({ name: "/???***[)" })).toBe(false);
    expect(warnings).toEqual(['regex "/???***[)" is invalid; the clause never matches']);
  });

  test("a lookbehind pattern is refused with a reason that names lookbehind", () => {
    const warnings: string[] = [];
    expect(compileCondition({ path: { $regex: "(?<=/)admin" } }, {}, warnings)({ path: "/admin" })).toBe(false);
    expect(warnings[0]).toContain("uses lookbehind");
  });

  test("an unsafe pattern under $notRegex never matches either, rather than matching everyone", () => {
    expect(compileCondition({ name: { $notRegex: "(a+)+$" } })({ name: "b" })).toBe(false);
  });

  test("a non-string value is tested as its string form, like RegExp#test", () => {
    expect(compileCondition({ n: { $regex: "^4" } })({ n: 42 })).toBe(true);
    expect(compileCondition({ missing: { $regex: "^null$" } })({})).toBe(true);
  });
});

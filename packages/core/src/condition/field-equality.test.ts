import { evalCondition } from "@growthbook/growthbook";
import { describe, expect, test } from "vitest";
import type { Attributes, Condition } from "../payload/payload-types.js";
import { compileCondition } from "./compile-condition.js";

// Conditions of one to three top-level string equalities take a fused path; each is checked against GrowthBook
// and against the general path, which `$and` of one-clause conditions always takes.
const FLAT_CONDITIONS: Condition[] = [
  { country: "jp" },
  { country: "jp", os: "macOS" },
  { country: "jp", os: "macOS", plan: "pro" },
  { age: "18", os: "null" },
  { country: "undefined", os: "[object Object]" },
  { country: "jp", os: "macOS", plan: "pro", tier: "gold" },
];

function generalForm(condition: Condition): Condition {
  return { $and: Object.entries(condition).map(([key, value]) => ({ [key]: value })) };
}

class Visitor {
  get country(): string {
    return "jp";
  }
  readonly os = "macOS";
}

const withToString = { toString: () => "jp" };
const withValueOf = { valueOf: () => "macOS", toString: () => "nope" };
const explicitUndefined = { country: undefined, os: "macOS" };

const TARGETS: unknown[] = [
  { country: "jp", os: "macOS", plan: "pro", tier: "gold" },
  { country: "jp", os: "macOS", plan: "free" },
  { country: "us", os: "macOS" },
  { os: "macOS" },
  { country: null, os: null },
  explicitUndefined,
  { country: "undefined", os: "macOS" },
  { country: withToString, os: withValueOf, plan: "pro" },
  { country: ["jp"], os: "macOS" },
  { age: 18, os: null },
  { country: 0, os: false },
  Object.create({ country: "jp", os: "macOS", plan: "pro" }),
  new Visitor(),
  {},
  [],
];

describe("conditions of top-level string equalities", () => {
  for (const condition of FLAT_CONDITIONS) {
    test(`${JSON.stringify(condition)} agrees with GrowthBook and with the general path`, () => {
      const fused = compileCondition(condition);
      const general = compileCondition(generalForm(condition));
      for (const target of TARGETS) {
        const expected = evalCondition(target as Attributes, condition);
        expect(fused(target as Attributes), JSON.stringify(target)).toBe(expected);
        expect(general(target as Attributes), JSON.stringify(target)).toBe(expected);
      }
    });
  }

  test("a missing attribute reads as null while a present undefined one reads as undefined", () => {
    expect(compileCondition({ country: "null" })({})).toBe(true);
    expect(compileCondition({ country: "undefined" })({})).toBe(false);
    expect(compileCondition({ country: "undefined" })({ country: undefined })).toBe(true);
    expect(compileCondition({ country: "null" })({ country: undefined })).toBe(false);
  });

  test("attributes that are not an object read every field as null, as GrowthBook's path reader does", () => {
    const both = compileCondition({ 0: "j", 1: "p" });
    expect(both("jp" as unknown as Attributes)).toBe(false);
    expect(compileCondition({ country: "null" })(null as unknown as Attributes)).toBe(true);
    expect(compileCondition({ length: "2" })("jp" as unknown as Attributes)).toBe(false);
  });

  test("a clause whose attribute getter throws makes the condition false", () => {
    const hostile = {
      country: "jp",
      get os(): string {
        throw new Error("hostile");
      },
    };
    expect(compileCondition({ country: "jp", os: "macOS" })(hostile)).toBe(false);
  });

  test("clauses run in order and stop at the first that fails", () => {
    const read: string[] = [];
    const target = {
      get country(): string {
        read.push("country");
        return "us";
      },
      get os(): string {
        read.push("os");
        return "macOS";
      },
    };
    expect(compileCondition({ country: "jp", os: "macOS" })(target)).toBe(false);
    expect(read).toEqual(["country"]);
  });
});

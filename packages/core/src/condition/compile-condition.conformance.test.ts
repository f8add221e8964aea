import { describe, expect, test } from "vitest";
import cases from "../../conformance/growthbook/cases.json" with { type: "json" };
import { LEAN_CONDITIONS } from "../evaluate/lean-evaluator.js";
import type { Attributes, Condition, SavedGroups } from "../payload/payload-types.js";
import { compileCondition, compileConditionWith } from "./compile-condition.js";
import { explainCondition } from "./explain-condition.js";

type EvalConditionCase = [
  name: string,
  condition: Condition,
  attributes: Attributes,
  expected: boolean,
  savedGroups?: SavedGroups,
];

const evalConditionCases = cases.evalCondition as unknown as EvalConditionCase[];

describe("GrowthBook evalCondition conformance", () => {
  test("the suite holds all 248 cases", () => {
    expect(evalConditionCases).toHaveLength(248);
  });

  test.each(evalConditionCases)("%s", (_name, condition, attributes, expected, savedGroups) => {
    expect(compileCondition(condition, savedGroups)(attributes)).toBe(expected);
  });
});

describe("the lean flavor (the browser evaluator's: no regex check, no fast paths) passes every case too", () => {
  test.each(evalConditionCases)("%s", (_name, condition, attributes, expected, savedGroups) => {
    expect(compileConditionWith(condition, savedGroups ?? {}, undefined, LEAN_CONDITIONS)(attributes)).toBe(expected);
  });
});

describe("explainCondition agrees with compileCondition on every conformance case", () => {
  test.each(evalConditionCases)("%s", (_name, condition, attributes, expected, savedGroups) => {
    const explanation = explainCondition(condition, attributes, savedGroups);
    expect(explanation === null).toBe(expected);
    if (explanation !== null) expect(explanation).toMatch(/\S/);
  });
});

import { describe, expect, it } from "vitest";
import {
  type ConditionRow,
  conditionFromRows,
  formatValue,
  parseValue,
  rowProblem,
  rowsFromCondition,
  splitList,
} from "./condition-rows.js";

describe("condition rows", () => {
  it("turns a condition into rows and back into the same condition", () => {
    const condition = {
      country: { $in: ["jp", "de"] },
      plan: "pro",
      age: { $gte: 18, $lt: 65 },
      loggedIn: false,
      email: { $regex: "@example\\.com$" },
      beta: { $exists: true },
      version: { $vgte: "2.1.0" },
      code: "42",
    };
    const rows = rowsFromCondition(condition);
    expect(rows).toEqual([
      { attribute: "country", operator: "$in", value: "jp, de" },
      { attribute: "plan", operator: "eq", value: "pro" },
      { attribute: "age", operator: "$gte", value: "18" },
      { attribute: "age", operator: "$lt", value: "65" },
      { attribute: "loggedIn", operator: "eq", value: "false" },
      { attribute: "email", operator: "$regex", value: "@example\\.com$" },
      { attribute: "beta", operator: "exists", value: "" },
      { attribute: "version", operator: "$vgte", value: "2.1.0" },
      { attribute: "code", operator: "eq", value: '"42"' },
    ]);
    expect(conditionFromRows(rows ?? [])).toEqual(condition);
  });

  it("keeps conditions rows cannot show for the JSON view", () => {
    expect(rowsFromCondition({ $or: [{ a: 1 }, { b: 2 }] })).toBeNull();
    expect(rowsFromCondition({ a: { $not: { $eq: 1 } } })).toBeNull();
    expect(rowsFromCondition({ tags: ["x", "y"] })).toBeNull();
    expect(rowsFromCondition({ address: { city: "Paris" } })).toBeNull();
    expect(rowsFromCondition(undefined)).toEqual([]);
  });

  it("types values: numbers and booleans as such, quoted text stays text", () => {
    expect(parseValue("42")).toBe(42);
    expect(parseValue("-1.5")).toBe(-1.5);
    expect(parseValue("true")).toBe(true);
    expect(parseValue('"42"')).toBe("42");
    expect(parseValue("jp")).toBe("jp");
    for (const value of ["42", "true", " padded ", "jp", 7, false, 'say "hi"']) {
      expect(parseValue(formatValue(value))).toEqual(value);
    }
  });

  it("splits lists on commas, except inside quotes", () => {
    expect(splitList("jp, de ,fr")).toEqual(["jp", "de", "fr"]);
    expect(splitList('"a, b", c')).toEqual(['"a, b"', "c"]);
    expect(splitList(" , ")).toEqual([]);
    const rows: ConditionRow[] = [{ attribute: "city", operator: "$in", value: '"Paris, TX", 7' }];
    expect(conditionFromRows(rows)).toEqual({ city: { $in: ["Paris, TX", 7] } });
    expect(rowsFromCondition({ city: { $in: ["Paris, TX", 7] } })).toEqual(rows);
  });

  it("names what an incomplete row lacks and leaves it out of the condition", () => {
    const rows: ConditionRow[] = [
      { attribute: "", operator: "eq", value: "x" },
      { attribute: "country", operator: "eq", value: "" },
      { attribute: "country", operator: "$in", value: " , " },
      { attribute: "email", operator: "$regex", value: "(" },
      { attribute: "beta", operator: "missing", value: "" },
    ];
    expect(rows.map(rowProblem)).toEqual([
      "name an attribute",
      "give a value",
      "give at least one value",
      "is not a regular expression",
      null,
    ]);
    expect(conditionFromRows(rows)).toEqual({ beta: { $exists: false } });
    expect(conditionFromRows([])).toBeUndefined();
  });

  it("combines an equality and an operator on one attribute with $eq", () => {
    const rows: ConditionRow[] = [
      { attribute: "plan", operator: "eq", value: "pro" },
      { attribute: "plan", operator: "$ne", value: "free" },
    ];
    expect(conditionFromRows(rows)).toEqual({ plan: { $eq: "pro", $ne: "free" } });
    expect(rowsFromCondition({ plan: { $eq: "pro", $ne: "free" } })).toEqual(rows);
  });
});

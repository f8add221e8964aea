import { describe, expect, it } from "vitest";
import { conditionProblems } from "./condition-checks.js";
import { MAX_CONDITION_TEXT_CHARS } from "./text-limits.js";

const long = "x".repeat(MAX_CONDITION_TEXT_CHARS + 1);

describe("texts inside a condition", () => {
  it.each([
    ["a value compared with", { country: long }, "country"],
    ["an item of an $in list", { country: { $in: ["jp", long] } }, "country.$in[1]"],
    ["a regular expression", { email: { $regex: long } }, "email.$regex"],
    ["a value inside $or", { $or: [{ plan: { $eq: long } }] }, "$or[0].plan.$eq"],
  ])("D24: refuses %s longer than the limit, naming it", (_, condition, path) => {
    expect(conditionProblems(condition, [])).toContainEqual({
      path,
      message: `must be at most ${MAX_CONDITION_TEXT_CHARS} characters (got ${long.length})`,
    });
  });

  it("accepts texts at the limit", () => {
    expect(conditionProblems({ country: { $in: ["x".repeat(MAX_CONDITION_TEXT_CHARS)] } }, [])).toEqual([]);
  });
});

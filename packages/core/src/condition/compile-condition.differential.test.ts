import { evalCondition } from "@growthbook/growthbook";
import { describe, expect, test } from "vitest";
import type { Condition, SavedGroups } from "../payload/payload-types.js";
import { compileCondition } from "./compile-condition.js";

// A seeded generator of conditions and attributes that lean on the coercion corners (numbers vs strings,
// null vs missing, arrays vs scalars), checked case by case against GrowthBook's own evaluator.
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const PRIMITIVES: unknown[] = [0, 1, -1, 18, "18", "1.0", "", "a", "A", "abc", "null", "true", true, false, null];
const MORE_PRIMITIVES: unknown[] = ["1.2.3", "v1.2.3-beta", "10", 10, 1.5, "NaN", "0", "[object Object]"];
const OPERATORS = [
  "$eq",
  "$ne",
  "$lt",
  "$lte",
  "$gt",
  "$gte",
  "$exists",
  "$in",
  "$nin",
  "$ini",
  "$nini",
  "$all",
  "$alli",
  "$elemMatch",
  "$size",
  "$not",
  "$regex",
  "$regexi",
  "$type",
  "$veq",
  "$vne",
  "$vgt",
  "$vgte",
  "$vlt",
  "$vlte",
  "$inGroup",
  "$notInGroup",
];
const SAVED_GROUPS: SavedGroups = {
  ids: [1, "2", "a"],
  list: { type: "list", attributeKey: "a", values: ["a", 18] },
  rule: { type: "condition", condition: { a: 1 } },
  broken: { type: "list" },
};

function createGenerator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const value = (depth = 0): unknown => {
    const roll = random();
    if (depth > 2 || roll < 0.6) return pick(random() < 0.7 ? PRIMITIVES : MORE_PRIMITIVES);
    if (roll < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 3); i > 0; i--) object[pick(["a", "b", "0"])] = value(depth + 1);
    return object;
  };
  const argument = (operator: string, depth: number): unknown => {
    if (["$in", "$nin", "$ini", "$nini", "$all", "$alli"].includes(operator)) {
      return random() < 0.9 ? Array.from({ length: Math.floor(random() * 12) }, () => value(2)) : value(2);
    }
    if (operator === "$elemMatch") return random() < 0.5 ? valueCondition(depth + 1) : condition(depth + 1);
    if (operator === "$size" || operator === "$not") return valueCondition(depth + 1);
    if (operator.startsWith("$regex")) return pick(["^a", "a$", "1", "^$", "null", "[", "b|c", "^[0-9]+$"]);
    if (operator === "$type") return pick(["string", "number", "null", "array", "object", "boolean"]);
    if (operator.endsWith("Group")) return pick(["ids", "list", "rule", "broken", "nope", "toString"]);
    return value(2);
  };
  const valueCondition = (depth: number): unknown => {
    if (depth > 3 || random() < 0.4) return value(1);
    const operators: Record<string, unknown> = {};
    for (let i = 1 + Math.floor(random() * 2); i > 0; i--) {
      const operator = pick(OPERATORS);
      operators[operator] = argument(operator, depth);
    }
    return operators;
  };
  const condition = (depth = 0): Condition => {
    const result: Condition & { $not?: Condition; $savedGroup?: unknown } = {};
    for (let i = Math.floor(random() * 3); i > 0; i--) {
      const roll = random();
      if (depth < 3 && roll < 0.1) {
        result[pick(["$or", "$and", "$nor"])] = Array.from({ length: Math.floor(random() * 3) }, () =>
          condition(depth + 1),
        );
      } else if (depth < 3 && roll < 0.15) result.$not = condition(depth + 1);
      else if (roll < 0.2)
        result.$savedGroup = pick([{ id: "list" }, { id: "rule" }, { id: "ids", attributeKey: "b" }]);
      else result[pick(["a", "b", "a.b", "c.0", "a.length", "x"])] = valueCondition(depth + 1);
    }
    return result;
  };
  return { condition, attributes: () => ({ a: value(), b: value(), c: value() }) };
}

describe("compileCondition against GrowthBook's evalCondition", () => {
  test("agrees on 20,000 generated conditions and attributes", () => {
    const generate = createGenerator(createRandom(20240611));
    const quiet = console.error;
    console.error = () => {}; // GrowthBook logs every unknown operator
    const disagreements: string[] = [];
    try {
      for (let i = 0; i < 20_000 && disagreements.length < 5; i++) {
        const condition = generate.condition();
        const attributes = generate.attributes();
        // biome-ignore lint/suspicious/noExplicitAny: GrowthBook's condition type is narrower than generated JSON.
        const expected = evalCondition(attributes, condition as any, SAVED_GROUPS as any);
        const actual = compileCondition(condition, SAVED_GROUPS)(attributes);
        if (actual !== expected) disagreements.push(JSON.stringify({ condition, attributes, expected }));
      }
    } finally {
      console.error = quiet;
    }
    expect(disagreements).toEqual([]);
  });
});

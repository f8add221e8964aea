import { describe, expect, test } from "vitest";
import type { Attributes, Condition } from "../payload/payload-types.js";
import { compileCondition } from "./compile-condition.js";

const matches = (condition: Condition, attributes: Attributes): boolean => compileCondition(condition)(attributes);

describe("compileCondition semantics", () => {
  test("a string condition matches a number attribute through string coercion, as GrowthBook does", () => {
    expect(matches({ age: "18" }, { age: 18 })).toBe(true);
    expect(matches({ age: "18.0" }, { age: 18 })).toBe(false);
  });

  test("a number condition matches a numeric string and treats a missing attribute as 0", () => {
    expect(matches({ age: 18 }, { age: "18" })).toBe(true);
    expect(matches({ count: 0 }, {})).toBe(true);
  });

  test("ordering operators compare numerically unless both sides are strings", () => {
    expect(matches({ age: { $gt: 9 } }, { age: "10" })).toBe(true);
    expect(matches({ age: { $gt: "9" } }, { age: "10" })).toBe(false);
    expect(matches({ age: { $gt: "9" } }, { age: 10 })).toBe(true);
  });

  test("dotted paths descend into nested objects and into arrays by index", () => {
    expect(matches({ "father.age": { $gte: 40 } }, { father: { age: 41 } })).toBe(true);
    expect(matches({ "tags.1": "b" }, { tags: ["a", "b"] })).toBe(true);
    expect(matches({ "father.age": { $exists: true } }, { father: "not an object" })).toBe(false);
  });

  test("$in with an array attribute means the two lists intersect", () => {
    expect(matches({ tags: { $in: ["a", "z"] } }, { tags: ["x", "a"] })).toBe(true);
    expect(matches({ tags: { $nin: ["a", "z"] } }, { tags: ["x", "a"] })).toBe(false);
  });

  test("an empty $or passes and an empty $nor fails", () => {
    expect(matches({ $or: [] }, {})).toBe(true);
    expect(matches({ $nor: [] }, {})).toBe(false);
  });

  test("$notRegex passes when the pattern does not match", () => {
    expect(matches({ ua: { $notRegex: "bot" } }, { ua: "Firefox" })).toBe(true);
    expect(matches({ ua: { $notRegexi: "BOT" } }, { ua: "googlebot" })).toBe(false);
  });

  test("a $savedGroup reference to a list group tests the overriding attribute", () => {
    const savedGroups = { staff: { type: "list", attributeKey: "id", values: ["u1", "u2"] } };
    expect(compileCondition({ $savedGroup: { id: "staff" } }, savedGroups)({ id: "u2" })).toBe(true);
    expect(compileCondition({ $savedGroup: { id: "staff", attributeKey: "email" } }, savedGroups)({ id: "u2" })).toBe(
      false,
    );
  });

  test("saved condition groups that reference each other in a cycle match nobody instead of looping", () => {
    const savedGroups = {
      a: { type: "condition", condition: { $savedGroup: { id: "b" } } },
      b: { type: "condition", condition: { $savedGroup: { id: "a" } } },
    };
    expect(compileCondition({ $savedGroup: { id: "a" } }, savedGroups)({})).toBe(false);
  });

  test("$notInGroup fails for a group that is not a list, rather than passing everyone", () => {
    const savedGroups = { vip: { type: "condition", condition: { plan: "gold" } } };
    expect(compileCondition({ id: { $notInGroup: "vip" } }, savedGroups)({ id: "u1" })).toBe(false);
  });

  test("an unknown operator never matches and is reported as a warning", () => {
    const warnings: string[] = [];
    expect(compileCondition({ name: { $regx: "a" } }, {}, warnings)({ name: "a" })).toBe(false);
    expect(warnings).toEqual(['unknown operator "$regx"; the clause never matches']);
  });
});

describe("compileCondition with hostile input", () => {
  const condition: Condition = { country: "jp", age: { $gt: 18 }, tags: { $in: ["a"] }, name: { $regex: "^a" } };

  test("attributes of the wrong types evaluate to false without throwing", () => {
    const compiled = compileCondition(condition);
    const hostile: unknown[] = [
      { country: ["jp"], age: "old", tags: "a,b", name: 42 },
      { country: Symbol("jp"), age: 10n, tags: { 0: "a" }, name: Symbol("a") },
      { country: () => "jp", age: {}, tags: null, name: undefined },
    ];
    for (const attributes of hostile) expect(compiled(attributes as Attributes)).toBe(false);
  });

  test("null, undefined and primitive attribute objects evaluate to false without throwing", () => {
    const compiled = compileCondition(condition);
    for (const attributes of [null, undefined, 42, "jp", []]) {
      expect(compiled(attributes as unknown as Attributes)).toBe(false);
    }
  });

  test("throwing getters, throwing toString and revoked proxies evaluate to false without throwing", () => {
    const throwing = {
      get country(): string {
        throw new Error("boom");
      },
    };
    const badString = {
      toString: () => {
        throw new Error("boom");
      },
    };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(compileCondition({ country: "jp" })(throwing)).toBe(false);
    expect(compileCondition({ country: "jp" })({ country: badString })).toBe(false);
    expect(compileCondition({ "a.b": "x" })({ a: proxy })).toBe(false);
    expect(compileCondition({ a: { x: 1 } })({ a: proxy })).toBe(false);
  });

  test("cyclic attributes compared against an object condition evaluate to false without throwing", () => {
    const cyclic: { x: number; self?: unknown } = { x: 1 };
    cyclic.self = cyclic;
    expect(compileCondition({ a: { x: 1, self: {} } })({ a: cyclic })).toBe(false);
  });

  test("prototype keys in attributes are read as own data and never pollute Object.prototype", () => {
    const attributes = JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}') as Attributes;
    const parsed = JSON.parse('{"__proto__.admin": true, "constructor.prototype": 1}') as Condition;
    expect(compileCondition(parsed)(attributes)).toBe(true);
    expect(compileCondition({ "__proto__.admin": true })({})).toBe(false);
    expect(Object.prototype).not.toHaveProperty("admin");
  });

  test("a saved-group id naming an Object.prototype member is not mistaken for a list", () => {
    expect(compileCondition({ id: { $inGroup: "toString" } })({ id: "x" })).toBe(false);
    expect(compileCondition({ id: { $notInGroup: "__proto__" } })({ id: "x" })).toBe(false);
  });

  test("a huge $in list is answered through a set, exactly like a scan", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
    const compiled = compileCondition({ id: { $in: ids } });
    expect(compiled({ id: "user-99999" })).toBe(true);
    expect(compiled({ id: "user-100000" })).toBe(false);
    expect(compiled({ id: ["nobody", "user-5"] })).toBe(true);
    expect(compiled({ id: 5 })).toBe(false);
  });

  test("a condition nested thousands of levels deep never matches and never overflows the stack", () => {
    let deep: Condition = { a: 1 };
    for (let i = 0; i < 10_000; i++) deep = { $not: deep };
    const warnings: string[] = [];
    expect(compileCondition(deep, {}, warnings)({ a: 1 })).toBe(false);
    expect(warnings).toEqual(["condition is nested more than 64 levels deep; it never matches"]);
  });

  test("malformed logical operands never match and say why", () => {
    const warnings: string[] = [];
    expect(compileCondition({ $or: { a: 1 } } as Condition, {}, warnings)({ a: 1 })).toBe(false);
    expect(compileCondition({ $and: null } as Condition, {}, warnings)({})).toBe(false);
    expect(warnings).toEqual([
      "$or needs a list of conditions; it never matches",
      "$and needs a list of conditions; it never matches",
    ]);
  });
});

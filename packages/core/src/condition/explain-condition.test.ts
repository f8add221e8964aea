import { describe, expect, test } from "vitest";
import { explainCondition } from "./explain-condition.js";

describe("explainCondition", () => {
  test("returns null when the condition passes", () => {
    expect(explainCondition({ country: "jp" }, { country: "jp" })).toBeNull();
  });

  test("names an implicit equality that failed and the value it got", () => {
    expect(explainCondition({ country: "jp" }, { country: "us" })).toBe('country must equal "jp" (got "us")');
  });

  test("names a list membership that failed", () => {
    expect(explainCondition({ os: { $in: ["macOS"] } }, { os: "Windows" })).toBe(
      'os must be one of ["macOS"] (got "Windows")',
    );
  });

  test("says an attribute is missing rather than showing null", () => {
    expect(explainCondition({ "device.os": "iOS" }, { device: {} })).toBe('device.os must equal "iOS" (missing)');
  });

  test("reports the first failing clause in condition order", () => {
    expect(explainCondition({ country: "jp", age: { $gte: 18 } }, { country: "jp", age: 12 })).toBe(
      "age must be at least 18 (got 12)",
    );
  });

  test("says that no $or alternative matched", () => {
    expect(explainCondition({ $or: [{ a: 1 }, { b: 2 }] }, { a: 2 })).toBe("$or: no alternative matched");
  });

  test("explains the failing member of an $and", () => {
    expect(explainCondition({ $and: [{ a: 1 }, { b: { $lt: 5 } }] }, { a: 1, b: 9 })).toBe(
      "b must be less than 5 (got 9)",
    );
  });

  test("names which $nor alternative matched", () => {
    expect(explainCondition({ $nor: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe("$nor: alternative 2 matched");
  });

  test("explains a refused regex with the reason it was refused", () => {
    expect(explainCondition({ name: { $regex: "(a+)+$" } }, { name: "aaa" })).toBe(
      'name: regex "(a+)+$" can backtrack catastrophically; the clause never matches',
    );
  });

  test("names the saved group an attribute is missing from", () => {
    expect(explainCondition({ id: { $inGroup: "beta" } }, { id: "u9" }, { beta: ["u1"] })).toBe(
      'id must be in saved group "beta" (got "u9")',
    );
  });

  test("explains version and type requirements", () => {
    expect(explainCondition({ v: { $vgte: "2.0.0" } }, { v: "1.9.9" })).toBe(
      'v must be version "2.0.0" or above (got "1.9.9")',
    );
    expect(explainCondition({ a: { $type: "string" } }, { a: 1 })).toBe("a must be of type string (got type number)");
  });

  test("keeps long values short", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    const explanation = explainCondition({ id: { $in: ids } }, { id: "nobody" }) ?? "";
    expect(explanation.length).toBeLessThan(200);
  });
});

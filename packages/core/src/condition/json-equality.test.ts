import { describe, expect, test } from "vitest";
import { compileJsonEquals } from "./json-equality.js";
import { compileJsonText } from "./json-text-equality.js";

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

describe("compileJsonEquals", () => {
  test("agrees with comparing JSON serialisations, key order and omitted values included", () => {
    const expected = { a: [1, "x", null], b: { c: true } };
    const candidates: unknown[] = [
      { a: [1, "x", null], b: { c: true } },
      { b: { c: true }, a: [1, "x", null] },
      { a: [1, "x", undefined], b: { c: true }, skipped: undefined },
      { a: [1, "x", Number.NaN], b: { c: true, f: () => 1 } },
      { a: [1, "x"], b: { c: true } },
      { a: [1, "x", null], b: { c: 1 } },
      Object.assign(Object.create(null), { a: [1, "x", null], b: { c: true } }),
      [1],
      "x",
      null,
    ];
    const equals = compileJsonEquals(expected);
    const literal = compileJsonText(expected);
    for (const candidate of candidates) {
      expect(equals(candidate)).toBe(sameJson(candidate, expected));
      expect(literal(candidate)).toBe(sameJson(candidate, expected));
    }
  });

  test("serialises dates and other toJSON values the way JSON does", () => {
    const when = new Date(Date.UTC(2024, 0, 1));
    expect(compileJsonEquals([when.toISOString()])([when])).toBe(true);
    expect(compileJsonEquals({ at: when.toISOString() })({ at: when })).toBe(true);
  });

  test("cyclic and bigint values are unequal instead of throwing", () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(compileJsonEquals({ self: {} })(cyclic)).toBe(false);
    expect(compileJsonEquals([1])([1n])).toBe(false);
  });
});

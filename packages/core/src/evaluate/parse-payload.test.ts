import { describe, expect, test } from "vitest";
import { createEvaluator } from "./create-evaluator.js";
import { parsePayload } from "./parse-payload.js";
import { PayloadError } from "./payload-error.js";

function problemOf(input: unknown): string {
  try {
    parsePayload(input);
  } catch (error) {
    if (error instanceof PayloadError) return error.message;
    throw error;
  }
  throw new Error("the payload was accepted");
}

describe("parsePayload", () => {
  test("names the path of a bad rule field", () => {
    const payload = { features: { x: { rules: [{}, {}, { variations: [1, 2], weights: [0.5, "0.5"] }] } } };
    expect(problemOf(payload)).toBe('features["x"].rules[2].weights: must be an array of numbers');
  });

  test("rejects text that is not JSON, and a payload that is not an object", () => {
    expect(problemOf("{nope")).toMatch(/is not valid JSON/);
    expect(problemOf([])).toMatch(/must be a JSON object/);
    expect(problemOf("null")).toMatch(/must be a JSON object/);
  });

  test("rejects what JSON cannot carry, with its path", () => {
    expect(problemOf({ features: { x: { defaultValue: () => 1 } } })).toBe(
      'features["x"].defaultValue: must be a JSON value (got function)',
    );
    expect(problemOf({ features: { x: { defaultValue: new Date(0) } } })).toMatch(/must be a plain JSON object/);
  });

  test("rejects cycles and absurd nesting instead of overflowing the stack", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(problemOf({ features: { x: { defaultValue: cyclic } } })).toMatch(/deeper than 64 levels/);
  });

  test("checks namespaces, ranges, filters and prerequisites", () => {
    expect(problemOf({ features: { x: { rules: [{ namespace: ["n", 0] }] } } })).toMatch(/rules\[0\]\.namespace/);
    expect(problemOf({ features: { x: { rules: [{ range: [0, "1"] }] } } })).toMatch(/rules\[0\]\.range/);
    expect(problemOf({ features: { x: { rules: [{ filters: [{ ranges: [] }] }] } } })).toBe(
      'features["x"].rules[0].filters[0].seed: is required',
    );
    expect(problemOf({ features: { x: { rules: [{ parentConditions: [{ condition: {} }] }] } } })).toBe(
      'features["x"].rules[0].parentConditions[0].id: is required',
    );
    expect(problemOf({ features: { x: { variations: [{ value: 1 }] } } })).toBe(
      'features["x"].variations[0].key: is required',
    );
  });

  test("writes keys users chose, and keys that are not identifiers, as entries in the path", () => {
    expect(problemOf({ features: { "a-b": { defaultValue: { "x-y": [1, () => 1] } } } })).toBe(
      'features["a-b"].defaultValue["x-y"][1]: must be a JSON value (got function)',
    );
    expect(problemOf({ savedGroups: { g: [1, { q: Symbol("q") }] } })).toBe(
      'savedGroups["g"][1].q: must be a JSON value (got symbol)',
    );
    expect(problemOf({ contextualBandits: { b: { contexts: [{ weights: [1, "a"] }] } } })).toBe(
      'contextualBandits["b"].contexts[0].weights: must be an array of numbers',
    );
    expect(problemOf({ features: { x: { rules: [{ meta: [new Date(0)] }] } } })).toBe(
      'features["x"].rules[0].meta[0]: must be a plain JSON object',
    );
  });

  test("returns a frozen copy that later changes to the input cannot reach", () => {
    const input = { features: { x: { defaultValue: { color: "red" } } } };
    const parsed = parsePayload(input);
    input.features.x.defaultValue.color = "blue";
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(createEvaluator(parsed).evaluate("x", { attributes: {} }).value).toEqual({ color: "red" });
  });

  test("a __proto__ key stays a plain key and does not change prototypes", () => {
    const parsed = parsePayload('{"features":{"__proto__":{"defaultValue":1}}}');
    expect(Object.getPrototypeOf(parsed.features)).toBe(Object.prototype);
    expect(createEvaluator(parsed).evaluate("__proto__", { attributes: {} }).value).toBe(1);
  });

  test("createEvaluator rejects a malformed payload as a whole", () => {
    const bad = { features: { ok: { defaultValue: 1 }, bad: { rules: "nope" } } } as never;
    expect(() => createEvaluator(bad)).toThrow(PayloadError);
  });
});

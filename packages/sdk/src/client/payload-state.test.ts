import { describe, expect, it } from "vitest";
import { PayloadState, RejectedPayloadError } from "./payload-state.js";

const base = { features: { a: { defaultValue: 1 }, b: { defaultValue: true } } };

describe("PayloadState", () => {
  it("reports every flag as changed on the first load, then only the flags whose definition changed", () => {
    const state = new PayloadState();
    expect(state.replace(base, "server")).toEqual(["a", "b"]);
    expect(state.replace(JSON.stringify(base), "server")).toEqual([]);
    expect(state.replace({ features: { a: { defaultValue: 2 }, c: { defaultValue: "x" } } }, "server")).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("applies a patch: replaces defined flags, deletes null ones, keeps the rest", () => {
    const state = new PayloadState();
    state.replace(base, "server");
    expect(state.patch('{"features":{"a":{"defaultValue":5},"b":null,"z":{"defaultValue":0}}}', "server")).toEqual([
      "a",
      "b",
      "z",
    ]);
    expect(Object.keys(state.payload.features ?? {})).toEqual(["a", "z"]);
    expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(5);
  });

  it("reports every flag when the segments change", () => {
    const state = new PayloadState();
    state.replace(base, "server");
    expect(state.replace({ ...base, savedGroups: { staff: ["u1"] } }, "server")).toEqual(["a", "b"]);
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["a bad rule", { features: { a: { rules: [{ coverage: "all" }] } } }],
    ["rules that are not a list", { features: { a: { rules: "x" } } }],
  ])("rejects a payload that is %s and keeps the last good one", (_name, raw) => {
    const state = new PayloadState();
    state.replace(base, "server");
    const before = state.payload;
    expect(() => state.replace(raw, "server")).toThrow(RejectedPayloadError);
    expect(state.payload).toBe(before);
  });

  it.each([["{"], ["[]"], ['{"features":[]}'], ['{"features":{"a":{"rules":7}}}']])(
    "rejects the patch %s as a whole",
    (raw) => {
      const state = new PayloadState();
      state.replace(base, "server");
      const before = state.payload;
      expect(() => state.patch(raw, "server")).toThrow(RejectedPayloadError);
      expect(state.payload).toBe(before);
    },
  );
});

import { describe, expect, it } from "vitest";
import { validatingReader } from "./payload-reader.js";
import { PayloadState, RejectedPayloadError } from "./payload-state.js";
import { trustedReader } from "./trusted-reader.js";

// Updates behave alike whether the evaluator is patched (validating reader) or rebuilt (the browser's trusted one).
const READERS = [
  ["validating", validatingReader],
  ["trusted", trustedReader],
] as const;

const base = { features: { a: { defaultValue: 1 }, b: { defaultValue: true } } };

describe("PayloadState", () => {
  it("reports every flag as changed on the first load, then only the flags whose definition changed", () => {
    const state = new PayloadState(validatingReader);
    expect(state.replace(base, "server")).toEqual(["a", "b"]);
    expect(state.replace(JSON.stringify(base), "server")).toEqual([]);
    expect(state.replace({ features: { a: { defaultValue: 2 }, c: { defaultValue: "x" } } }, "server")).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it.each(READERS)(
    "applies a patch: replaces defined flags, deletes null ones, keeps the rest (%s reader)",
    (_name, reader) => {
      const state = new PayloadState(reader);
      state.replace(base, "server");
      expect(state.patch('{"features":{"a":{"defaultValue":5},"b":null,"z":{"defaultValue":0}}}', "server")).toEqual([
        "a",
        "b",
        "z",
      ]);
      expect(Object.keys(state.payload.features ?? {})).toEqual(["a", "z"]);
      expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(5);
    },
  );

  it("reports every flag when the segments change", () => {
    const state = new PayloadState(validatingReader);
    state.replace(base, "server");
    expect(state.replace({ ...base, savedGroups: { staff: ["u1"] } }, "server")).toEqual(["a", "b"]);
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["a bad rule", { features: { a: { rules: [{ coverage: "all" }] } } }],
    ["rules that are not a list", { features: { a: { rules: "x" } } }],
  ])("rejects a payload that is %s and keeps the last good one", (_name, raw) => {
    const state = new PayloadState(validatingReader);
    state.replace(base, "server");
    const before = state.payload;
    expect(() => state.replace(raw, "server")).toThrow(RejectedPayloadError);
    expect(state.payload).toBe(before);
  });

  it.each([["{"], ["[]"], ['{"features":[]}'], ['{"features":{"a":{"rules":7}}}']])(
    "rejects the patch %s as a whole",
    (raw) => {
      const state = new PayloadState(validatingReader);
      state.replace(base, "server");
      const before = state.payload;
      expect(() => state.patch(raw, "server")).toThrow(RejectedPayloadError);
      expect(state.payload).toBe(before);
    },
  );

  it("names the bad field of a patched flag and keeps the evaluator in service", () => {
    const state = new PayloadState(validatingReader);
    state.replace(base, "server");
    const evaluator = state.evaluator;
    expect(() => state.patch('{"features":{"z":{"rules":[{"coverage":"all"}]}}}', "server")).toThrow(
      'features["z"].rules[0]',
    );
    expect(state.evaluator).toBe(evaluator);
    expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(1);
  });

  it.each(READERS)("re-evaluates a flag whose prerequisite a patch changed (%s reader)", (_name, reader) => {
    const state = new PayloadState(reader);
    state.replace(
      {
        features: {
          parent: { defaultValue: 1 },
          child: {
            defaultValue: "off",
            rules: [{ parentConditions: [{ id: "parent", condition: { value: 1 } }], force: "on" }],
          },
        },
      },
      "server",
    );
    expect(state.evaluator.evaluate("child", { attributes: {} }).value).toBe("on");
    expect(state.patch({ features: { parent: { defaultValue: 2 } } }, "server")).toEqual(["parent"]);
    expect(state.evaluator.evaluate("child", { attributes: {} }).value).toBe("off");
  });

  it.each(READERS)(
    "compiles flags against new saved groups when a full payload changes them (%s reader)",
    (_name, reader) => {
      const state = new PayloadState(reader);
      const withGroup = (ids: string[]) => ({
        features: { vip: { defaultValue: false, rules: [{ condition: { id: { $inGroup: "vips" } }, force: true }] } },
        savedGroups: { vips: ids },
      });
      state.replace(withGroup(["u1"]), "server");
      expect(state.evaluator.evaluate("vip", { attributes: { id: "u2" } }).value).toBe(false);
      state.replace(withGroup(["u2"]), "server");
      expect(state.evaluator.evaluate("vip", { attributes: { id: "u2" } }).value).toBe(true);
    },
  );

  it.each(READERS)(
    "keeps a patched payload readable as one frozen object, unchanged by a no-op patch (%s reader)",
    (_name, reader) => {
      const state = new PayloadState(reader);
      state.replace(base, "server");
      state.patch({ features: { a: { defaultValue: 9 } } }, "server");
      const payload = state.payload;
      expect(Object.isFrozen(payload)).toBe(true);
      expect(payload.features).toEqual({ a: { defaultValue: 9 }, b: { defaultValue: true } });
      expect(state.patch({ features: { a: { defaultValue: 9 } } }, "server")).toEqual([]);
      expect(state.payload).toBe(payload);
    },
  );

  it("gives a reader that cannot patch a new evaluator on every change, which compiles the kept flags again", () => {
    const state = new PayloadState(trustedReader);
    state.replace(base, "server");
    const before = state.evaluator;
    state.patch({ features: { a: { defaultValue: 2 } } }, "server");
    expect(state.evaluator).not.toBe(before);
    expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(2);
    expect(state.evaluator.evaluate("b", { attributes: {} }).value).toBe(true);
  });
});

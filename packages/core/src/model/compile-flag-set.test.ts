import { describe, expect, it } from "vitest";
import { compileFlagSet } from "./compile-flag-set.js";
import type { FlagSet } from "./flag-set-schema.js";
import type { Rule } from "./rule-schema.js";

const BOOLEAN = [
  { key: "off", value: false },
  { key: "on", value: true },
];

function withRules(rules: Rule[], extra: Partial<FlagSet> = {}): FlagSet {
  return {
    version: 1,
    segments: {
      staff: { condition: { email: { $regex: "@example\\.com$" } } },
      beta: { attribute: "id", ids: ["u1", "u2"], clientVisible: true },
      big: { attribute: "id", ids: Array.from({ length: 1001 }, (_, i) => `u${i}`), clientVisible: true },
      vip: { attribute: "id", ids: ["secret-1", "secret-2"] },
    },
    flags: {
      "new-checkout": {
        type: "boolean",
        defaultVariation: "off",
        clientVisible: true,
        environments: { production: { rules } },
      },
    },
    ...extra,
  };
}

const feature = (set: FlagSet, options = {}) => compileFlagSet(set, "production", options).features?.["new-checkout"];

describe("compileFlagSet", () => {
  it("compiles a force rule to a forced value with its condition", () => {
    const set = withRules([{ id: "me", kind: "force", condition: { id: "u42" }, serve: "on" }]);
    expect(compileFlagSet(set, "production")).toEqual({
      features: {
        "new-checkout": {
          defaultValue: false,
          rules: [{ id: "me", condition: { id: "u42" }, force: true }],
          variations: BOOLEAN,
        },
      },
    });
  });

  it("compiles a force rule with a percent to coverage hashed on the flag key with hash version 2", () => {
    const set = withRules([{ id: "jp", kind: "force", condition: { country: "jp" }, serve: "on", percent: 5 }]);
    expect(feature(set)?.rules).toEqual([
      {
        id: "jp",
        condition: { country: "jp" },
        force: true,
        coverage: 0.05,
        hashAttribute: "id",
        seed: "new-checkout",
        hashVersion: 2,
      },
    ]);
  });

  it("compiles a ramp to a force rule with coverage, hash attribute and a fixed seed", () => {
    const set = withRules([
      { id: "ramp", kind: "ramp", serve: "on", percent: 25, hashAttribute: "deviceId", seed: "s1" },
    ]);
    expect(feature(set)?.rules).toEqual([
      { id: "ramp", force: true, coverage: 0.25, hashAttribute: "deviceId", seed: "s1", hashVersion: 2 },
    ]);
  });

  it("compiles an experiment with values, weights, namespace and variation keys in meta", () => {
    const set = withRules([
      {
        id: "ab",
        kind: "experiment",
        key: "checkout-ab",
        variations: ["off", "on"],
        weights: [0.6, 0.4],
        fallbackAttribute: "deviceId",
        coverage: 0.5,
        namespace: { id: "checkout", range: [0, 0.5] },
      },
    ]);
    expect(feature(set)?.rules).toEqual([
      {
        id: "ab",
        key: "checkout-ab",
        variations: [false, true],
        weights: [0.6, 0.4],
        hashAttribute: "id",
        fallbackAttribute: "deviceId",
        seed: "checkout-ab",
        coverage: 0.5,
        namespace: ["checkout", 0, 0.5],
        hashVersion: 2,
        meta: [{ key: "off" }, { key: "on" }],
      },
    ]);
  });

  it("inlines condition segments with $and and refers to id lists through savedGroups", () => {
    const set = withRules([
      { id: "s", kind: "force", condition: { os: "macOS" }, segments: ["staff", "beta"], serve: "on" },
    ]);
    const payload = compileFlagSet(set, "production");
    expect(payload.features?.["new-checkout"]?.rules).toEqual([
      {
        id: "s",
        condition: { $and: [{ os: "macOS" }, { email: { $regex: "@example\\.com$" } }, { id: { $inGroup: "beta" } }] },
        force: true,
      },
    ]);
    expect(payload.savedGroups).toEqual({ beta: ["u1", "u2"] });
  });

  it("compiles prerequisites to parent conditions on the parent's variation value", () => {
    const set = withRules([{ id: "p", kind: "force", serve: "on", prerequisites: [{ flag: "other", is: "on" }] }]);
    set.flags["other"] = { type: "boolean", defaultVariation: "off" };
    expect(feature(set)?.rules).toEqual([
      { id: "p", parentConditions: [{ id: "other", condition: { value: true } }], force: true },
    ]);
  });

  it("compiles a killed environment to its default value only, marked disabled", () => {
    const set = withRules([{ id: "me", kind: "force", serve: "on" }]);
    const production = set.flags["new-checkout"]?.environments?.["production"];
    if (production) production.enabled = false;
    expect(feature(set)).toEqual({ defaultValue: false, disabled: true, variations: BOOLEAN });
  });

  it("uses the environment's default variation and serves defaults where the flag has no environment", () => {
    const set = withRules([]);
    const production = set.flags["new-checkout"]?.environments?.["production"];
    if (production) production.defaultVariation = "on";
    expect(feature(set)).toEqual({ defaultValue: true, variations: BOOLEAN });
    expect(compileFlagSet(set, "staging").features?.["new-checkout"]).toEqual({
      defaultValue: false,
      variations: BOOLEAN,
    });
  });

  it("rejects an environment the flag set does not declare", () => {
    expect(() => compileFlagSet(withRules([], { environments: ["production"] }), "prod")).toThrow(RangeError);
  });

  it("sorts features by key so the same flag set always gives the same bytes", () => {
    const set = withRules([]);
    set.flags["a-first"] = { type: "boolean", defaultVariation: "on" };
    set.flags["0-zero"] = { type: "boolean", defaultVariation: "on" };
    const payload = compileFlagSet(set, "production");
    expect(Object.keys(payload.features ?? {})).toEqual(["0-zero", "a-first", "new-checkout"]);
    expect(JSON.stringify(compileFlagSet(set, "production"))).toBe(JSON.stringify(payload));
  });

  describe("for clients", () => {
    it("keeps only client-visible flags and inlines small client-visible id lists as $in, without savedGroups", () => {
      const set = withRules([{ id: "b", kind: "force", segments: ["beta"], serve: "on" }]);
      set.flags["server-only"] = { type: "boolean", defaultVariation: "on" };
      const payload = compileFlagSet(set, "production", { clientVisibleOnly: true });
      expect(payload).toEqual({
        features: {
          "new-checkout": {
            defaultValue: false,
            rules: [{ id: "b", condition: { id: { $in: ["u1", "u2"] } }, force: true }],
            variations: BOOLEAN,
          },
        },
      });
    });

    it("D19: a client payload never contains the raw ids of a private segment: the flag that needs it is left out", () => {
      const set = withRules([
        { id: "me", kind: "force", condition: { id: "u42" }, serve: "on" },
        { id: "seg-rule", kind: "force", segments: ["vip"], serve: "on" },
      ]);
      const client = compileFlagSet(set, "production", { clientVisibleOnly: true });
      expect(client).toEqual({ features: {} });
      expect(compileFlagSet(set, "production").savedGroups).toEqual({ vip: ["secret-1", "secret-2"] });
    });

    it("leaves out a flag whose rules use an id list too big to inline", () => {
      const set = withRules([{ id: "b", kind: "force", segments: ["big"], serve: "on" }]);
      expect(compileFlagSet(set, "production", { clientVisibleOnly: true })).toEqual({ features: {} });
    });
  });
});

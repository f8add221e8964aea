import { describe, expect, it } from "vitest";
import type { FeatureDefinition, SdkPayload } from "../payload/payload-types.js";
import { createEvaluator, patchEvaluator } from "./create-evaluator.js";
import { internalsOf } from "./evaluator-internals.js";
import type { Evaluator } from "./evaluator-types.js";
import { FeatureLayers } from "./feature-layers.js";
import { createTrustedEvaluator, trustPayload } from "./trusted-payload.js";

const child = (parent: string, value: unknown): FeatureDefinition => ({
  defaultValue: "default",
  rules: [{ parentConditions: [{ id: parent, condition: { value } }], force: `${parent} is ${String(value)}` }],
});

const payload: SdkPayload = {
  features: {
    root: { defaultValue: 1 },
    middle: child("root", 1),
    leaf: child("middle", "root is 1"),
    alone: { defaultValue: "alone", rules: [{ condition: { id: "u1" }, force: "u1" }] },
  },
};

function compiledOf(evaluator: Evaluator, key: string): unknown {
  return internalsOf(evaluator)?.features.get(key);
}

describe("patchEvaluator", () => {
  it("keeps compiled every flag that neither changed nor depends on a changed one", () => {
    const before = createEvaluator(payload);
    for (const key of Object.keys(payload.features ?? {})) before.evaluate(key, { attributes: { id: "u1" } });
    const alone = compiledOf(before, "alone");
    const middle = compiledOf(before, "middle");
    const layers = FeatureLayers.of(payload.features).withChanges(new Map([["root", { defaultValue: 2 }]]));
    const after = patchEvaluator(before, layers, ["root"]);
    expect(compiledOf(after, "alone")).toBe(alone);
    expect(compiledOf(after, "middle")).not.toBe(middle);
    expect(after.evaluate("root", { attributes: {} }).value).toBe(2);
    expect(after.evaluate("middle", { attributes: {} }).value).toBe("default");
    expect(after.evaluate("leaf", { attributes: {} }).value).toBe("default");
    expect(after.evaluate("alone", { attributes: { id: "u1" } }).value).toBe("u1");
  });

  it("serves a removed flag as unknown and an added one compiled on first use", () => {
    const before = createEvaluator(payload);
    before.evaluate("alone", { attributes: {} });
    const layers = FeatureLayers.of(payload.features).withChanges(
      new Map<string, FeatureDefinition | null>([
        ["alone", null],
        ["fresh", { defaultValue: true }],
      ]),
    );
    const after = patchEvaluator(before, layers, ["alone", "fresh"]);
    expect(after.evaluate("alone", { attributes: {} }).source).toBe("unknownFeature");
    expect(after.evaluate("fresh", { attributes: {} }).value).toBe(true);
    expect(after.flagKeys).toEqual(["root", "middle", "leaf", "fresh"]);
  });

  it("lists the warnings of kept flags and not those of replaced ones", () => {
    const warned: SdkPayload = {
      features: {
        a: { defaultValue: 0, rules: [{ condition: { x: { $unknownOp: 1 } }, force: 1 }] },
        b: { defaultValue: 0, rules: [{ condition: { y: { $otherOp: 1 } }, force: 1 }] },
      },
    };
    const before = createEvaluator(warned);
    expect(before.warnings).toHaveLength(2);
    const after = patchEvaluator(
      before,
      FeatureLayers.of(warned.features).withChanges(new Map([["a", { defaultValue: 0 }]])),
      ["a"],
    );
    expect(after.warnings).toHaveLength(1);
    expect(after.warnings[0]).toContain("$otherOp");
  });

  it("compiles again only the flags reading a saved group that changed, and their dependents", () => {
    const grouped: SdkPayload = {
      features: {
        vip: { defaultValue: false, rules: [{ condition: { id: { $inGroup: "vips" } }, force: true }] },
        staff: { defaultValue: false, rules: [{ condition: { id: { $notInGroup: "staff" } }, force: true }] },
        gated: child("vip", true),
        plain: { defaultValue: 1 },
      },
      savedGroups: { vips: ["u1"], staff: ["s1"] },
    };
    const before = createEvaluator(grouped);
    for (const key of Object.keys(grouped.features ?? {})) before.evaluate(key, { attributes: { id: "u2" } });
    const kept = ["staff", "plain"].map((key) => compiledOf(before, key));
    const replaced = ["vip", "gated"].map((key) => compiledOf(before, key));
    const after = patchEvaluator(before, FeatureLayers.of(grouped.features), [], { vips: ["u2"], staff: ["s1"] });
    expect(compiledOf(after, "staff")).toBe(kept[0]);
    expect(compiledOf(after, "plain")).toBe(kept[1]);
    expect(compiledOf(after, "vip")).not.toBe(replaced[0]);
    expect(compiledOf(after, "gated")).not.toBe(replaced[1]);
    expect(after.evaluate("vip", { attributes: { id: "u2" } }).value).toBe(true);
    expect(after.evaluate("gated", { attributes: { id: "u2" } }).value).toBe("vip is true");
  });

  it("refuses evaluators it cannot patch (the trusted one tracks no dependencies): those are rebuilt instead", () => {
    const features = FeatureLayers.of({ a: { defaultValue: 1 } });
    const trusted = createTrustedEvaluator(trustPayload({ features: { a: { defaultValue: 0 } } }));
    expect(() => patchEvaluator(trusted, features, ["a"])).toThrow(TypeError);
    expect(() => patchEvaluator({} as Evaluator, features, ["a"])).toThrow(TypeError);
  });
});

import { describe, expect, it } from "vitest";
import type { FeatureDefinition } from "../payload/payload-types.js";
import { FeatureLayers } from "./feature-layers.js";

const def = (value: unknown): FeatureDefinition => ({ defaultValue: value });

/** What the SDK did before layers: copy the object, then set or delete each patched key in turn. */
function copyAndApply(
  base: Record<string, FeatureDefinition>,
  patches: Map<string, FeatureDefinition | null>[],
): Record<string, FeatureDefinition> {
  let record = base;
  for (const patch of patches) {
    const next = { ...record };
    for (const [key, value] of patch) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    record = next;
  }
  return record;
}

describe("FeatureLayers", () => {
  it("gives the object, key order included, that copying and applying each patch gives", () => {
    const base = { a: def(1), "10": def(2), b: def(3), c: def(4) };
    const patches = [
      new Map([
        ["b", null],
        ["z", def(5)],
      ]),
      new Map<string, FeatureDefinition | null>([
        ["b", def(6)],
        ["a", def(7)],
        ["2", def(8)],
      ]),
      new Map<string, FeatureDefinition | null>([
        ["z", null],
        ["c", def(9)],
      ]),
    ];
    let layers = FeatureLayers.of(base);
    for (const patch of patches) layers = layers.withChanges(patch);
    const expected = copyAndApply(base, patches);
    expect(Object.keys(layers.toRecord())).toEqual(Object.keys(expected));
    expect(layers.toRecord()).toEqual(expected);
    expect(layers.keys()).toEqual(Object.keys(expected));
    expect(layers.get("z")).toBeUndefined();
    expect(layers.get("b")).toEqual(def(6));
  });

  it("folds many patched flags into a new base and stays equal", () => {
    const base: Record<string, FeatureDefinition> = {};
    for (let i = 0; i < 400; i++) base[`f${i}`] = def(i);
    let layers = FeatureLayers.of(base);
    const patches: Map<string, FeatureDefinition | null>[] = [];
    for (let i = 0; i < 300; i++) {
      const patch = new Map<string, FeatureDefinition | null>([[`f${(i * 7) % 500}`, i % 3 === 0 ? null : def(-i)]]);
      patches.push(patch);
      layers = layers.withChanges(patch);
    }
    expect(Object.entries(layers.toRecord())).toEqual(Object.entries(copyAndApply(base, patches)));
  });

  it("keeps a patched `__proto__` flag as a key, never as the prototype", () => {
    const layers = FeatureLayers.of({}).withChanges(new Map([["__proto__", def(1)]]));
    expect(Object.keys(layers.toRecord())).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(layers.toRecord())).toBe(Object.prototype);
  });
});

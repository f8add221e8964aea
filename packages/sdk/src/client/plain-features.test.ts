import { type FeatureDefinition, FeatureLayers } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { plainFeatures } from "./plain-features.js";

const def = (value: unknown): FeatureDefinition => ({ defaultValue: value });

describe("plainFeatures (the browser's flag definitions)", () => {
  it("gives the same definitions in the same key order as FeatureLayers, patch after patch", () => {
    const base = { a: def(1), b: def(2), c: def(3) };
    const patches: [string, FeatureDefinition | null][][] = [
      [
        ["b", def(20)],
        ["z", def(26)],
      ],
      [
        ["a", null],
        ["c", def(30)],
      ],
      [
        ["a", def(10)],
        ["__proto__", def("proto")],
      ],
      [
        ["z", null],
        ["missing", null],
      ],
    ];
    let plain = plainFeatures(base);
    let layers = FeatureLayers.of(base);
    for (const patch of patches) {
      plain = plain.withChanges(new Map(patch));
      layers = layers.withChanges(new Map(patch));
      expect(Object.keys(plain.toRecord())).toEqual(Object.keys(layers.toRecord()));
      expect(plain.toRecord()).toEqual(layers.toRecord());
      for (const key of ["a", "b", "c", "z", "__proto__", "missing", "toString"]) {
        expect(plain.get(key), key).toEqual(layers.get(key));
      }
      expect(Object.isFrozen(plain.toRecord())).toBe(true);
    }
    expect(Object.getPrototypeOf(plain.toRecord())).toBe(Object.prototype);
  });

  it("never changes the definitions it was made from", () => {
    const base = { a: def(1) };
    plainFeatures(base).withChanges(new Map([["a", null]]));
    expect(base).toEqual({ a: def(1) });
  });
});

import { describe, expect, it } from "vitest";
import { compileFlagSet } from "./compile-flag-set.js";
import { type CompiledFlagSet, compileFlagSetParts, recompileFlags } from "./compiled-flag-set.js";
import type { Flag, FlagSet, Segment } from "./flag-set-schema.js";
import type { Rule } from "./rule-schema.js";

/** A small deterministic generator (mulberry32), so a failing sequence replays from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Integer-like keys are valid flag keys; JSON.stringify lists them first, which the splice must reproduce.
const KEYS = ["a", "b", "checkout", "10", "7", "zeta", "m.n", "B", "beta-x", "0"];
const SEGMENTS: Record<string, Segment> = {
  staff: { condition: { email: { $regex: "@example\\.com$" } } },
  beta: { attribute: "id", ids: ["u1", "u2"], clientVisible: true },
  vip: { attribute: "id", ids: ["v1"] },
  team: { attribute: "team", ids: ["t1", "t2", "t3"] },
};

function randomFlag(next: () => number, flags: Readonly<Record<string, Flag>>): Flag {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const variations = [
    { key: "off", value: pick(["off", "no", "zero"]) },
    { key: "on", value: pick(["on", "yes", "one"]) },
  ];
  const rules: Rule[] = [];
  const ruleCount = Math.floor(next() * 4);
  for (let index = 0; index < ruleCount; index++) {
    const rule: Rule = { id: `r${index}`, kind: "force", serve: pick(["off", "on"]) };
    if (next() < 0.5) rule.segments = [pick(Object.keys(SEGMENTS))];
    if (next() < 0.3) rule.condition = { country: pick(["jp", "fr"]) };
    const parents = Object.keys(flags);
    // Only existing flags as prerequisites: a full compile of a dangling one throws, which is tested apart.
    if (next() < 0.4 && parents.length > 0) rule.prerequisites = [{ flag: pick(parents), is: pick(["off", "on"]) }];
    rules.push(rule);
  }
  return {
    type: "string",
    variations,
    defaultVariation: pick(["off", "on"]),
    clientVisible: next() < 0.6,
    environments: { production: { enabled: next() < 0.85, rules } },
  };
}

function full(flagSet: FlagSet, clientVisibleOnly: boolean): string {
  return JSON.stringify(compileFlagSet(flagSet, "production", { clientVisibleOnly }));
}

function tryFull(flagSet: FlagSet, clientVisibleOnly: boolean): string | "throws" {
  try {
    return full(flagSet, clientVisibleOnly);
  } catch {
    return "throws";
  }
}

describe("recompileFlags", () => {
  it.each([false, true])("splices random flag changes byte-identically to a full compile (clients: %s)", (client) => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const flags: Record<string, Flag> = {};
      const flagSet = (): FlagSet => ({
        version: 1,
        environments: ["production"],
        segments: SEGMENTS,
        flags: { ...flags },
      });
      let compiled: CompiledFlagSet = compileFlagSetParts(flagSet(), "production", { clientVisibleOnly: client });
      let pending = new Set<string>();
      for (let step = 0; step < 30; step++) {
        const key = KEYS[Math.floor(next() * KEYS.length)] as string;
        // Removing a flag others name as prerequisite makes the flag set invalid; both compiles must then throw.
        if (next() < 0.2) delete flags[key];
        else flags[key] = randomFlag(next, flags);
        pending.add(key);
        const expected = tryFull(flagSet(), client);
        let spliced: CompiledFlagSet | "throws";
        try {
          spliced = recompileFlags(compiled, flagSet(), pending);
        } catch {
          spliced = "throws";
        }
        if (spliced === "throws") {
          expect(expected, `seed ${seed} step ${step}`).toBe("throws");
          continue;
        }
        expect(spliced.json, `seed ${seed} step ${step}`).toBe(expected);
        expect(JSON.stringify(spliced.payload)).toBe(expected);
        // Like the server: the last good compile stays the base until a later one succeeds.
        compiled = spliced;
        pending = new Set();
      }
    }
  });

  it("recompiles a flag naming a changed flag as prerequisite, and no other", () => {
    const flags: Record<string, Flag> = {
      parent: { type: "string", variations: [{ key: "v", value: "1" }], defaultVariation: "v" },
      child: {
        type: "boolean",
        defaultVariation: "off",
        environments: {
          production: {
            rules: [{ id: "r", kind: "force", serve: "on", prerequisites: [{ flag: "parent", is: "v" }] }],
          },
        },
      },
      other: { type: "boolean", defaultVariation: "off" },
    };
    const base: FlagSet = { version: 1, environments: ["production"], flags };
    const before = compileFlagSetParts(base, "production");
    const changed: FlagSet = {
      ...base,
      flags: { ...flags, parent: { type: "string", variations: [{ key: "v", value: "2" }], defaultVariation: "v" } },
    };
    const after = recompileFlags(before, changed, ["parent"]);
    expect(after.recompiled).toEqual(["child", "parent"]);
    expect(after.featureJson("other")).toBe(before.featureJson("other"));
    expect(after.json).toBe(full(changed, false));
  });

  it("drops a saved group no flag uses any more and adds one a flag starts using", () => {
    const uses = (segment: string): Flag => ({
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { rules: [{ id: "r", kind: "force", serve: "on", segments: [segment] }] } },
    });
    const base: FlagSet = { version: 1, environments: ["production"], segments: SEGMENTS, flags: { x: uses("vip") } };
    const before = compileFlagSetParts(base, "production");
    const changed: FlagSet = { ...base, flags: { x: uses("team") } };
    const after = recompileFlags(before, changed, ["x"]);
    expect(Object.keys(after.payload.savedGroups ?? {})).toEqual(["team"]);
    expect(after.json).toBe(full(changed, false));
  });
});

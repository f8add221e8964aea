import { GrowthBook } from "@growthbook/growthbook";
import { describe, expect, it } from "vitest";
import { createEvaluator } from "../evaluate/index.js";
import type { Attributes } from "../payload/payload-types.js";
import { compileFlagSet } from "./compile-flag-set.js";
import type { FlagSet } from "./flag-set-schema.js";
import { formatProblem } from "./problem.js";
import { validateFlagSet } from "./validate-flag-set.js";

const UNITS = Array.from({ length: 10_000 }, (_, i) => `unit-${i}`);
const GUEST_JP_MAC = { country: "jp", os: "macOS", loggedIn: false };

function flagSet(rampPercent = 5, enabled = true): FlagSet {
  const input = {
    version: 1,
    segments: {
      staff: { condition: { email: { $regex: "@switchboard\\.dev$" } } },
      "jp-mac-guests": { condition: GUEST_JP_MAC },
      "beta-testers": { attribute: "id", ids: ["beta-1", "beta-2"] },
    },
    flags: {
      "new-checkout": {
        type: "boolean",
        defaultVariation: "off",
        environments: {
          production: {
            enabled,
            rules: [
              { id: "me", kind: "force", condition: { id: "user-42" }, serve: "on" },
              { id: "staff", kind: "force", segments: ["staff"], serve: "on" },
              { id: "beta", kind: "force", segments: ["beta-testers"], serve: "on" },
              { id: "jp-mac-5", kind: "force", segments: ["jp-mac-guests"], serve: "on", percent: 5 },
            ],
          },
        },
      },
      "search-v2": {
        type: "boolean",
        defaultVariation: "off",
        environments: { production: { rules: [{ id: "ramp", kind: "ramp", serve: "on", percent: rampPercent }] } },
      },
      "button-color": {
        type: "string",
        variations: [
          { key: "a", value: "blue" },
          { key: "b", value: "green" },
          { key: "c", value: "orange" },
        ],
        defaultVariation: "a",
        environments: {
          production: {
            rules: [
              {
                id: "abc",
                kind: "experiment",
                key: "button-abc",
                variations: ["a", "b", "c"],
                weights: [0.5, 0.3, 0.2],
              },
            ],
          },
        },
      },
      upsell: {
        type: "boolean",
        defaultVariation: "off",
        environments: {
          production: {
            rules: [
              { id: "after-checkout", kind: "force", serve: "on", prerequisites: [{ flag: "new-checkout", is: "on" }] },
            ],
          },
        },
      },
    },
  };
  const result = validateFlagSet(input);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

function evaluatorFor(set: FlagSet) {
  return createEvaluator(compileFlagSet(set, "production"));
}

describe("model → payload → evaluator", () => {
  const evaluator = evaluatorFor(flagSet());
  const evaluate = (flag: string, attributes: Attributes) => evaluator.evaluate(flag, { attributes });

  it("serves a force rule to whoever matches its condition, naming the rule and variation", () => {
    expect(evaluate("new-checkout", { id: "user-42" })).toMatchObject({
      value: true,
      ruleId: "me",
      variationKey: "on",
    });
    expect(evaluate("new-checkout", { id: "user-43" })).toMatchObject({
      value: false,
      ruleId: "",
      variationKey: "off",
    });
  });

  it("serves condition segments and id-list segments", () => {
    expect(evaluate("new-checkout", { id: "x", email: "ann@switchboard.dev" })).toMatchObject({
      value: true,
      ruleId: "staff",
    });
    expect(evaluate("new-checkout", { id: "x", email: "ann@example.com" }).value).toBe(false);
    expect(evaluate("new-checkout", { id: "beta-2" })).toMatchObject({ value: true, ruleId: "beta" });
    expect(evaluate("new-checkout", { id: "beta-3" }).value).toBe(false);
  });

  it("serves a force rule with a percent to about that share of the matching units", () => {
    const served = UNITS.filter((id) => evaluate("new-checkout", { id, ...GUEST_JP_MAC }).value === true).length;
    expect(served).toBeGreaterThan(400);
    expect(served).toBeLessThan(600);
    const elsewhere = UNITS.filter((id) => evaluate("new-checkout", { id, ...GUEST_JP_MAC, os: "linux" }).value).length;
    expect(elsewhere).toBe(0);
  });

  it("keeps every unit of a ramp in while the percentage grows", () => {
    const at5 = new Set(UNITS.filter((id) => evaluate("search-v2", { id }).value === true));
    const at25 = evaluatorFor(flagSet(25));
    const in25 = new Set(UNITS.filter((id) => at25.evaluate("search-v2", { attributes: { id } }).value === true));
    expect(at5.size).toBeGreaterThan(400);
    expect(at5.size).toBeLessThan(600);
    expect(in25.size).toBeGreaterThan(2300);
    expect(in25.size).toBeLessThan(2700);
    expect([...at5].filter((id) => !in25.has(id))).toEqual([]);
  });

  it("splits an experiment within 2% of its weights and reports the variation keys", () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const id of UNITS) {
      const result = evaluate("button-color", { id });
      expect(result.inExperiment).toBe(true);
      counts[result.variationKey ?? "none"] = (counts[result.variationKey ?? "none"] ?? 0) + 1;
    }
    expect(Math.abs((counts["a"] ?? 0) / UNITS.length - 0.5)).toBeLessThan(0.02);
    expect(Math.abs((counts["b"] ?? 0) / UNITS.length - 0.3)).toBeLessThan(0.02);
    expect(Math.abs((counts["c"] ?? 0) / UNITS.length - 0.2)).toBeLessThan(0.02);
    expect(evaluate("button-color", { id: "unit-1" }).value).toBe(
      { a: "blue", b: "green", c: "orange" }[evaluate("button-color", { id: "unit-1" }).variationKey ?? "a"],
    );
  });

  it("applies a prerequisite only when the other flag serves the named variation", () => {
    expect(evaluate("upsell", { id: "user-42" }).value).toBe(true);
    expect(evaluate("upsell", { id: "user-43" }).value).toBe(false);
  });

  it("serves the default to everyone when the environment is killed", () => {
    const killed = evaluatorFor(flagSet(5, false));
    for (const attributes of [{ id: "user-42" }, { id: "beta-1" }, { id: "x", email: "a@switchboard.dev" }]) {
      expect(killed.evaluate("new-checkout", { attributes })).toMatchObject({ value: false, variationKey: "off" });
    }
  });

  it("agrees with the GrowthBook SDK on the same payload", () => {
    const payload = compileFlagSet(flagSet(), "production");
    const attributeSets = UNITS.slice(0, 500).flatMap((id) => [{ id, ...GUEST_JP_MAC }, { id }]);
    attributeSets.push({ id: "beta-1" }, { id: "x", email: "b@switchboard.dev" } as never, { id: "user-42" });
    for (const attributes of attributeSets) {
      const growthbook = new GrowthBook({
        attributes,
        features: payload.features ?? {},
        savedGroups: payload.savedGroups ?? {},
      });
      for (const flag of ["new-checkout", "search-v2", "button-color", "upsell"]) {
        expect(evaluate(flag, attributes).value, `${flag} for ${JSON.stringify(attributes)}`).toEqual(
          growthbook.evalFeature(flag).value,
        );
      }
      growthbook.destroy();
    }
  });
});

import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import { createEvaluator } from "./create-evaluator.js";
import { explainFlag } from "./explain-flag.js";

const payload: SdkPayload = {
  features: {
    parent: { defaultValue: false, rules: [{ condition: { beta: true }, force: true }] },
    flag: {
      defaultValue: "off",
      rules: [
        { id: "needs-parent", parentConditions: [{ id: "parent", condition: { value: true } }], force: "child" },
        { id: "jp", condition: { country: "jp" }, force: "jp" },
        { id: "ramp", force: "ramp", coverage: 0.5, hashAttribute: "id" },
        { id: "exp", key: "exp", variations: ["a", "b"], hashAttribute: "device" },
      ],
    },
  },
};
const evaluator = createEvaluator(payload);

describe("explain", () => {
  test("traces every rule: failed prerequisite, failed condition, missing hash attribute", () => {
    const explanation = explainFlag(evaluator, "flag", { attributes: { country: "us" } });
    expect(explanation.result.value).toBe("off");
    const [parent, jp, ramp, exp] = explanation.rules;
    expect(parent?.reason).toMatch(/prerequisite "parent" failed/);
    expect(jp?.reason).toMatch(/^condition failed: .*country/);
    expect(ramp?.reason).toBe('excluded: hash attribute "id" is missing');
    expect(exp?.reason).toBe('skipped: hash attribute "device" is missing');
    expect(explanation.rules.every((rule) => !rule.matched)).toBe(true);
  });

  test("reports the bucket and coverage of a rollout, and stops at the deciding rule", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `user-${i}`);
    for (const id of ids) {
      const explanation = explainFlag(evaluator, "flag", { attributes: { id, country: "us" } });
      const ramp = explanation.rules[2];
      expect(ramp?.coverage).toBe(0.5);
      expect(ramp?.bucket).toBeTypeOf("number");
      expect(ramp?.matched).toBe(explanation.result.ruleId === "ramp");
      if (ramp?.matched) expect(explanation.rules[3]?.reason).toMatch(/^not evaluated/);
    }
  });

  test("agrees with evaluate on which experiment variation is served, without writing sticky buckets", () => {
    const stickyBuckets = { docs: {} };
    const explanation = explainFlag(evaluator, "flag", { attributes: { device: "d1" }, stickyBuckets });
    const exp = explanation.rules[3];
    expect(exp?.matched).toBe(true);
    expect(exp?.reason).toMatch(/^in experiment: variation \d \(bucket /);
    expect(explanation.result.value).toBe(["a", "b"][explanation.result.variationId ?? -1]);
  });

  test("an unknown flag explains no rules", () => {
    expect(explainFlag(evaluator, "nope", { attributes: {} })).toMatchObject({
      rules: [],
      result: { reason: "ERROR" },
    });
  });
});

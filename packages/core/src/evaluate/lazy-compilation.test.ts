import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import { createEvaluator } from "./create-evaluator.js";
import type { EvalContext } from "./evaluator-types.js";
import { explainFlag } from "./explain-flag.js";
import { parsePayload } from "./parse-payload.js";
import { PayloadError } from "./payload-error.js";

function problemOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof PayloadError) return error.message;
    throw error;
  }
  return "accepted";
}

const rollout = { id: "r", condition: { country: "jp" }, force: true, coverage: 0.5, hashAttribute: "id" };

const malformed: Record<string, unknown> = {
  "a rule that is not an object": { features: { x: { rules: [rollout, 7] } } },
  "a non-finite coverage": { features: { x: { rules: [{ ...rollout, coverage: Number.NaN }] } } },
  "a string weight": { features: { x: { rules: [{ variations: [1, 2], weights: [0.5, "0.5"] }] } } },
  "a condition that is an array": { features: { x: { rules: [{ ...rollout, condition: [] }] } } },
  "a function value": { features: { x: { defaultValue: () => 1 } } },
  "a class instance": { features: { x: { rules: [{ ...rollout, force: new Date(0) }] } } },
  "a variation without key": { features: { x: { variations: [{ value: 1 }] } } },
  "a non-boolean disabled": { features: { x: { disabled: "yes" } } },
  "a bad namespace": { features: { x: { rules: [{ namespace: ["n", 0] }] } } },
  "a prerequisite without id": { features: { x: { rules: [{ parentConditions: [{ condition: {} }] }] } } },
  "features that are an array": { features: [] },
  "a bad top-level field": { features: {}, dateUpdated: 5 },
  "a function at top level": { features: {}, extra: () => 1 },
  "a payload that is a class instance": new (class Payload {
    features = {};
  })(),
};

describe("createEvaluator validates the whole payload at load", () => {
  for (const [name, payload] of Object.entries(malformed)) {
    test(`rejects ${name} with the same path message as parsePayload`, () => {
      const expected = problemOf(() => parsePayload(payload));
      expect(expected).not.toBe("accepted");
      expect(problemOf(() => createEvaluator(payload as SdkPayload))).toBe(expected);
    });
  }

  test("a malformed flag is found even when only other flags are ever evaluated", () => {
    const flags: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) flags[`f${i}`] = { defaultValue: false, rules: [rollout] };
    flags["f99"] = { rules: [{ ...rollout, hashAttribute: 1 }] };
    expect(problemOf(() => createEvaluator({ features: flags } as SdkPayload))).toBe(
      'features["f99"].rules[0].hashAttribute: must be a string',
    );
  });

  test("accepts the rarer rule shapes the quick check leaves to the complete one", () => {
    const payload: SdkPayload = {
      features: {
        parent: { defaultValue: true },
        x: {
          defaultValue: "a",
          disabled: false,
          variations: [
            { key: "a", value: "a" },
            { key: "b", value: "b" },
          ],
          rules: [
            { parentConditions: [{ id: "parent", condition: { value: true } }], force: "b", range: [0, 1] },
            {
              key: "exp",
              variations: ["a", "b"],
              meta: [{ key: "a" }, { key: "b" }],
              namespace: ["ns", 0, 1],
              filters: [{ seed: "s", ranges: [[0, 1]] }],
            },
          ],
        },
      },
    };
    expect(() => createEvaluator(payload)).not.toThrow();
    expect(createEvaluator(payload).evaluate("x", { attributes: { id: "u" } }).value).toBe("b");
  });
});

const payload: SdkPayload = {
  features: {
    parent: { defaultValue: false, rules: [{ condition: { staff: true }, force: true }] },
    child: {
      defaultValue: "off",
      rules: [{ parentConditions: [{ id: "parent", condition: { value: true }, gate: true }], force: "on" }],
    },
    rollout: { defaultValue: false, rules: [rollout] },
    regex: { defaultValue: 0, rules: [{ condition: { name: { $regex: "(" } }, force: 1 }] },
    split: { defaultValue: "a", rules: [{ key: "split", variations: ["a", "b", "c"], hashVersion: 2 }] },
  },
};

const contexts: EvalContext[] = Array.from({ length: 50 }, (_, i) => ({
  attributes: { id: `u${i}`, staff: i % 3 === 0, country: i % 2 === 0 ? "jp" : "us", name: "n" },
}));

describe("flags compile on first use", () => {
  test("first and later evaluations equal an eagerly compiled evaluator's", () => {
    const lazy = createEvaluator(payload);
    const eager = createEvaluator(payload, { eager: true });
    const keys = Object.keys(payload.features ?? {});
    for (let round = 0; round < 2; round++) {
      for (const context of contexts) {
        for (const key of keys) expect(lazy.evaluate(key, context)).toEqual(eager.evaluate(key, context));
      }
    }
  });

  test("a prerequisite compiles its parent, and explain compiles the flag it explains", () => {
    const evaluator = createEvaluator(payload);
    expect(evaluator.evaluate("child", { attributes: { staff: true } }).value).toBe("on");
    expect(explainFlag(evaluator, "rollout", { attributes: { id: "u1", country: "jp" } }).rules).toHaveLength(1);
  });

  test("flagKeys lists every flag without evaluating any", () => {
    expect(createEvaluator(payload).flagKeys).toEqual(["parent", "child", "rollout", "regex", "split"]);
  });
});

describe("warnings", () => {
  const warning = 'regex "(" is invalid; the clause never matches';

  test("reading warnings compiles the flags not evaluated yet, so the list is complete", () => {
    const evaluator = createEvaluator(payload);
    evaluator.evaluate("rollout", contexts[0] as EvalContext);
    expect(evaluator.warnings).toEqual([warning]);
    expect(evaluator.evaluate("regex", { attributes: { name: "(" } }).value).toBe(0);
    expect(evaluator.warnings).toEqual([warning]);
  });

  test("onWarning reports each warning once, when its flag compiles, or at load when eager", () => {
    const lazySeen: string[] = [];
    const lazy = createEvaluator(payload, { onWarning: (w) => lazySeen.push(w) });
    expect(lazySeen).toEqual([]);
    lazy.evaluate("regex", { attributes: {} });
    lazy.evaluate("regex", { attributes: {} });
    expect(lazySeen).toEqual([warning]);
    expect(lazy.warnings).toEqual([warning]);
    expect(lazySeen).toEqual([warning]);

    const eagerSeen: string[] = [];
    createEvaluator(payload, { eager: true, onWarning: (w) => eagerSeen.push(w) });
    expect(eagerSeen).toEqual([warning]);
  });
});

import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import { createEvaluator } from "./create-evaluator.js";
import type { EvalContext, StickyAssignmentDoc } from "./evaluator-types.js";
import { runExperiment } from "./run-experiment.js";

const payload: SdkPayload = {
  features: {
    on: { defaultValue: true },
    color: {
      defaultValue: "red",
      variations: [
        { key: "red", value: "red" },
        { key: "blue", value: "blue" },
      ],
      rules: [
        { id: "staff", condition: { staff: true }, force: "blue" },
        { id: "all-blue", force: "blue" },
      ],
    },
    killed: { defaultValue: false, disabled: true },
    split: {
      defaultValue: "control",
      rules: [
        {
          id: "exp",
          key: "exp",
          variations: ["control", "treatment"],
          meta: [{ key: "c" }, { key: "t" }],
          hashVersion: 2,
        },
      ],
    },
    count: { defaultValue: 3 },
  },
};

const evaluator = createEvaluator(payload);
const user: EvalContext = { attributes: { id: "u1", staff: false } };

describe("evaluate", () => {
  test("context-independent results are one shared frozen object", () => {
    const first = evaluator.evaluate("on", user);
    const second = evaluator.evaluate("on", { attributes: { id: "someone else" } });
    expect(first).toBe(second);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toMatchObject({ value: true, source: "defaultValue", reason: "DEFAULT" });
  });

  test("maps force and default values to the flag's variations", () => {
    expect(evaluator.evaluate("color", { attributes: { staff: true } })).toMatchObject({
      value: "blue",
      reason: "TARGETING_MATCH",
      variationId: 1,
      variationKey: "blue",
      ruleId: "staff",
    });
    expect(evaluator.evaluate("color", user)).toMatchObject({
      reason: "STATIC",
      variationKey: "blue",
      ruleId: "all-blue",
    });
  });

  test("experiments report the meta key and the unit's hash value", () => {
    const result = evaluator.evaluate("split", user);
    expect(result.reason).toBe("SPLIT");
    expect(result.inExperiment).toBe(true);
    expect(result.variationKey).toBe(result.variationId === 0 ? "c" : "t");
    expect(result.hashValue).toBe("u1");
  });

  test("unknown flags and disabled flags say so", () => {
    expect(evaluator.evaluate("nope", user)).toMatchObject({
      reason: "ERROR",
      errorCode: "FLAG_NOT_FOUND",
      value: null,
    });
    expect(evaluator.evaluate("killed", user)).toMatchObject({ reason: "DISABLED", value: false });
  });

  test("never throws: attributes whose getters throw give the default with a GENERAL error", () => {
    const hostile = {
      get attributes(): Record<string, unknown> {
        throw new Error("boom");
      },
    } as EvalContext;
    expect(evaluator.evaluate("split", hostile)).toMatchObject({
      reason: "ERROR",
      errorCode: "GENERAL",
      value: "control",
    });
    const throwingId = {
      attributes: Object.defineProperty({}, "id", {
        get: () => {
          throw new Error("boom");
        },
      }),
    };
    expect(() => evaluator.evaluate("split", throwingId)).not.toThrow();
    expect(() => evaluator.evaluate("split", null as unknown as EvalContext)).not.toThrow();
    expect(evaluator.evaluate("split", { attributes: { id: { nested: [1] } } }).value).toBeTypeOf("string");
  });

  test("forcedFeatureValues override a flag", () => {
    const forced = { attributes: {}, forcedFeatureValues: new Map([["on", false]]) };
    expect(evaluator.evaluate("on", forced)).toMatchObject({ value: false, source: "override", reason: "STATIC" });
  });

  test("sticky buckets are written once and then reused", () => {
    const saved: StickyAssignmentDoc[] = [];
    const stickyBuckets = { docs: {}, onSave: (doc: StickyAssignmentDoc) => saved.push(doc) };
    const first = evaluator.evaluate("split", { attributes: { id: "u9" }, stickyBuckets });
    const second = evaluator.evaluate("split", { attributes: { id: "u9" }, stickyBuckets });
    expect(saved).toHaveLength(1);
    expect(second.value).toBe(first.value);
    expect(second.experimentResult?.stickyBucketUsed).toBe(true);
  });
});

describe("getValue", () => {
  test("serves the value when its type matches the default", () => {
    expect(evaluator.getValue("count", user, 0)).toMatchObject({ value: 3, reason: "DEFAULT" });
  });

  test("serves the default with TYPE_MISMATCH when the type differs", () => {
    expect(evaluator.getValue("count", user, "three")).toMatchObject({
      value: "three",
      reason: "ERROR",
      errorCode: "TYPE_MISMATCH",
    });
  });

  test("serves the default for an unknown flag", () => {
    expect(evaluator.getValue("nope", user, 7)).toMatchObject({ value: 7, errorCode: "FLAG_NOT_FOUND" });
  });
});

describe("runExperiment", () => {
  test("never throws on a malformed experiment", () => {
    expect(runExperiment(evaluator, { key: "x" } as never, user)).toMatchObject({ inExperiment: false });
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import type { EvalContext, StickyBucketStore } from "./evaluator-types.js";
import { createLeanEvaluator } from "./lean-evaluator.js";
import { runExperiment } from "./run-experiment.js";
import { createTrustedEvaluator, trustPayload } from "./trusted-payload.js";

type SuiteCase = [string, Record<string, unknown>, string, unknown];
const cases = JSON.parse(
  readFileSync(new URL("../../conformance/growthbook/cases.json", import.meta.url), "utf8"),
) as Record<string, SuiteCase[]>;
// The cases whose contexts hold neither a URL nor sticky buckets: the only contexts the browser client passes.
const featureCases = [...(cases["feature"] ?? []), ...(cases["contextualBandit"] ?? [])].filter(
  ([, context]) => !context["url"] && !context["stickyBucketAssignmentDocs"],
);

const experiment = {
  defaultValue: "control",
  rules: [{ key: "exp", variations: ["control", "treatment"], weights: [0.5, 0.5], hashAttribute: "id" }],
};

describe("the lean evaluator (the browser client's: no URL overrides, no sticky bucketing)", () => {
  test.each(featureCases)(
    "answers GrowthBook's feature case exactly as the trusted evaluator: %s",
    (_name, context, key) => {
      const payload = trustPayload({
        features: context["features"],
        savedGroups: context["savedGroups"],
        contextualBandits: context["contextualBandits"],
      } as SdkPayload);
      const evalContext: EvalContext = { attributes: (context["attributes"] ?? {}) as Record<string, unknown> };
      if (context["forcedVariations"])
        evalContext.forcedVariations = context["forcedVariations"] as Record<string, number>;
      expect(createLeanEvaluator(payload).evaluate(key, evalContext)).toEqual(
        createTrustedEvaluator(payload).evaluate(key, evalContext),
      );
    },
  );

  test("ignores a context's URL override and sticky buckets, where the trusted evaluator applies them", () => {
    const payload = trustPayload({ features: { f: experiment } });
    const saved: unknown[] = [];
    const store: StickyBucketStore = { docs: {}, onSave: (doc) => saved.push(doc) };
    const plain: EvalContext = { attributes: { id: "u1" } };
    const lean = createLeanEvaluator(payload);
    const natural = lean.evaluate("f", plain).value;
    const forcedIndex = natural === "control" ? 1 : 0;
    const withExtras: EvalContext = { ...plain, url: `https://x.test/?exp=${forcedIndex}`, stickyBuckets: store };
    expect(createTrustedEvaluator(payload).evaluate("f", withExtras).value).toBe(["control", "treatment"][forcedIndex]);
    expect(lean.evaluate("f", withExtras)).toEqual(lean.evaluate("f", plain));
    expect(lean.evaluate("f", withExtras).value).toBe(natural);
    expect(saved).toEqual([]);
    const inline = { key: "exp", variations: ["a", "b"] };
    expect(runExperiment(lean, inline, withExtras)).toEqual(runExperiment(lean, inline, plain));
    expect(store.docs).toEqual({});
  });
});

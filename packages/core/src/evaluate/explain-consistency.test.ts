import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import { createEvaluator } from "./create-evaluator.js";
import type { EvalContext } from "./evaluator-types.js";
import { explainFlag } from "./explain-flag.js";

type SuiteCase = [string, Record<string, unknown>, string, unknown];
const cases = JSON.parse(
  readFileSync(new URL("../../conformance/growthbook/cases.json", import.meta.url), "utf8"),
) as Record<string, SuiteCase[]>;
const featureCases = [...(cases["feature"] ?? []), ...(cases["contextualBandit"] ?? [])];

describe("explain agrees with evaluate on every GrowthBook feature case", () => {
  test.each(featureCases)("%s", (_name, context, key) => {
    const payload = {
      features: context["features"],
      savedGroups: context["savedGroups"],
      contextualBandits: context["contextualBandits"],
    } as SdkPayload;
    const evalContext: EvalContext = { attributes: (context["attributes"] ?? {}) as Record<string, unknown> };
    if (context["forcedVariations"])
      evalContext.forcedVariations = context["forcedVariations"] as Record<string, number>;
    const evaluator = createEvaluator(JSON.parse(JSON.stringify(payload)) as SdkPayload);
    const result = evaluator.evaluate(key, evalContext);
    const explanation = explainFlag(evaluator, key, evalContext);
    expect(explanation.result).toEqual(result);
    const matched = explanation.rules.filter((rule) => rule.matched);
    const decidedByRule = result.source === "force" || result.source === "experiment";
    expect(matched.length).toBe(decidedByRule ? 1 : 0);
    for (const trace of explanation.rules) expect(trace.reason.length).toBeGreaterThan(0);
  });
});

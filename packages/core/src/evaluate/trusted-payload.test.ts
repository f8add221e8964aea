import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { SdkPayload } from "../payload/payload-types.js";
import { createEvaluator } from "./create-evaluator.js";
import type { EvalContext } from "./evaluator-types.js";
import { PayloadError } from "./payload-error.js";
import { createTrustedEvaluator, trustPayload } from "./trusted-payload.js";

type SuiteCase = [string, Record<string, unknown>, string, unknown];
const cases = JSON.parse(
  readFileSync(new URL("../../conformance/growthbook/cases.json", import.meta.url), "utf8"),
) as Record<string, SuiteCase[]>;
const featureCases = [...(cases["feature"] ?? []), ...(cases["contextualBandit"] ?? [])];

describe("the trusted evaluator (the browser path: no validation up front, evaluation guarded)", () => {
  test.each(featureCases)(
    "answers GrowthBook's feature case exactly as the validating evaluator: %s",
    (_name, context, key) => {
      const payload = {
        features: context["features"],
        savedGroups: context["savedGroups"],
        contextualBandits: context["contextualBandits"],
      } as SdkPayload;
      const evalContext: EvalContext = { attributes: (context["attributes"] ?? {}) as Record<string, unknown> };
      if (context["forcedVariations"])
        evalContext.forcedVariations = context["forcedVariations"] as Record<string, number>;
      const text = JSON.stringify(payload);
      const trusted = createTrustedEvaluator(trustPayload(text)).evaluate(key, evalContext);
      expect(trusted).toEqual(createEvaluator(JSON.parse(text) as SdkPayload).evaluate(key, evalContext));
    },
  );

  test("reads only the outline: JSON, an object, `features` an object; anything else is a PayloadError", () => {
    for (const bad of ["{", "[]", "7", '{"features":[]}', '{"features":"x"}', "null"]) {
      expect(() => trustPayload(bad)).toThrow(PayloadError);
    }
    const payload = trustPayload({ features: { a: { defaultValue: 1 } } });
    expect(Object.isFrozen(payload)).toBe(true);
    expect(Object.isFrozen(payload.features?.["a"])).toBe(true);
  });

  test("a malformed flag answers its error result instead of throwing; the other flags are unaffected", () => {
    const evaluator = createTrustedEvaluator(
      trustPayload({
        features: {
          good: { defaultValue: "yes" },
          broken: { defaultValue: "no", rules: 7 },
          "broken-rule": { defaultValue: 2, rules: [null] },
          "bad-group": { defaultValue: false, rules: [{ condition: { $inGroup: 5 }, force: true }] },
        },
      }),
    );
    expect(evaluator.evaluate("good", { attributes: {} }).value).toBe("yes");
    for (const key of ["broken", "broken-rule", "bad-group"]) {
      const result = evaluator.evaluate(key, { attributes: { id: "u" } });
      expect(result.reason === "ERROR" || result.value !== undefined, key).toBe(true);
    }
    expect(() => evaluator.warnings).not.toThrow();
    expect(evaluator.getValue("broken", { attributes: {} }, "caller").value).toBeTypeOf("string");
  });

  test("trusts `$regex` patterns (the server checks them on write); an invalid pattern still never matches", () => {
    const flag = (pattern: string) => ({
      defaultValue: false,
      rules: [{ condition: { name: { $regex: pattern } }, force: true }],
    });
    const payload = { features: { nested: flag("^(a+)+$"), invalid: flag("(") } };
    const context: EvalContext = { attributes: { name: "aaa" } };
    const trusted = createTrustedEvaluator(trustPayload(payload));
    // The validating evaluator refuses the nested quantifier; the trusted one leaves that to the server.
    expect(createEvaluator(payload as SdkPayload).evaluate("nested", context).value).toBe(false);
    expect(trusted.evaluate("nested", context).value).toBe(true);
    expect(trusted.evaluate("invalid", context).value).toBe(false);
    expect(trusted.evaluate("invalid", { attributes: { name: "(" } }).value).toBe(false);
  });
});

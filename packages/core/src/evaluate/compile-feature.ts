import type { Attributes, FeatureDefinition } from "../payload/payload-types.js";
import { compileRule } from "./compile-rule.js";
import type { CompiledFeature, EvalEnv, RulePlan } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import type { FeatureResult } from "./feature-result.js";
import { type FlagVariation, staticResult } from "./result-factory.js";
import { compileRuleStep, type RuleStep } from "./rule-step.js";

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Compiles one flag: its rules into closures, its context-independent results into frozen objects. */
export function compileFeature(
  key: string,
  definition: FeatureDefinition,
  contextualBandits: unknown,
  env: EvalEnv,
  warnings: string[],
): CompiledFeature {
  const variations: FlagVariation[] | undefined = definition.variations;
  const defaultValue = definition.defaultValue === undefined ? null : definition.defaultValue;
  const disabled = definition.disabled === true;
  const defaultResult = staticResult(defaultValue, "defaultValue", "", disabled ? "DISABLED" : "DEFAULT", variations);
  const prerequisiteResult = staticResult(null, "prerequisite", "", "DEFAULT", variations);
  const errorResult = staticResult(defaultValue, "defaultValue", "", "ERROR", variations, "GENERAL");
  const scope = { featureKey: key, variations, contextualBandits, env, warnings };
  const rules = (definition.rules ?? []).map((rule, index) => compileRule(rule, index, scope));
  const steps = rules.map((plan) => compileRuleStep(plan, key, { prerequisiteResult }, env));
  return {
    key,
    definition,
    evaluate: compileEvaluate(steps, defaultResult),
    constant: constantResult(rules, defaultResult),
    rules,
    defaultResult,
    prerequisiteResult,
    errorResult,
  };
}

/** The result every context gets, when no rule depends on the context before one that always matches. */
function constantResult(rules: readonly RulePlan[], defaultResult: FeatureResult): FeatureResult | undefined {
  const first = rules[0];
  if (first === undefined) return defaultResult;
  const unconditional =
    first.kind === "force" &&
    first.parents === undefined &&
    first.filters === undefined &&
    first.condition === undefined &&
    first.rollout === undefined;
  return unconditional ? first.result : undefined;
}

/** The flag's evaluation: the rule closures in order, then the default; short shapes get their own closure. */
function compileEvaluate(
  steps: readonly RuleStep[],
  defaultResult: FeatureResult,
): (context: EvalContext) => FeatureResult {
  const [first, second] = steps;
  if (first === undefined) return () => defaultResult;
  if (second === undefined) return (context) => first(context, context.attributes ?? NO_ATTRIBUTES) ?? defaultResult;
  return (context) => {
    const attributes = context.attributes ?? NO_ATTRIBUTES;
    for (let i = 0; i < steps.length; i++) {
      const result = (steps[i] as RuleStep)(context, attributes);
      if (result !== undefined) return result;
    }
    return defaultResult;
  };
}

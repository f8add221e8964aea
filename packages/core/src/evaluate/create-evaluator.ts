import type { SdkPayload } from "../payload/payload-types.js";
import { assignVariation } from "./assign-variation.js";
import { buildExperimentResult } from "./build-experiment-result.js";
import { asReportedExperiment, compileExperiment, compilePlan } from "./compile-experiment.js";
import { compileFeature } from "./compile-feature.js";
import { type CompiledFeature, createEnv, type EvalEnv } from "./eval-env.js";
import type { EvalContext, Evaluator, EvaluatorOptions, ExperimentDefinition } from "./evaluator-types.js";
import { explainFeature } from "./explain.js";
import type { ExperimentResult, Explanation, FeatureResult } from "./feature-result.js";
import { parsePayload } from "./parse-payload.js";
import { overrideResult, staticResult, UNKNOWN_FEATURE_RESULT } from "./result-factory.js";
import { ruleVariations } from "./rule-experiment.js";

const GENERAL_ERROR_RESULT = staticResult(null, "unknownFeature", "", "ERROR", undefined, "GENERAL");

/**
 * Compiles a payload once into an evaluator: per flag an ordered array of rule closures, with conditions, hashes of
 * constant seeds and context-independent results precomputed. Validates the payload first (see `parsePayload`).
 * @example createEvaluator(payload).evaluate("new-checkout", { attributes: { id: "u1" } }).value
 */
export function createEvaluator(payload: SdkPayload, options: EvaluatorOptions = {}): Evaluator {
  const parsed = parsePayload(payload);
  const warnings: string[] = [];
  const env = createEnv(parsed.savedGroups ?? {});
  const contextualBandits = parsed["contextualBandits"];
  for (const [key, definition] of Object.entries(parsed.features ?? {})) {
    env.features.set(key, compileFeature(key, definition, contextualBandits, env, warnings));
  }
  if (options.onWarning) for (const warning of warnings) options.onWarning(warning);
  const features = env.features;
  // The last flag looked up: hot loops evaluate one flag many times, and a pointer compare beats a Map lookup.
  let lastKey = "";
  let lastFeature: CompiledFeature | undefined;

  function evaluate(flagKey: string, context: EvalContext): FeatureResult {
    try {
      const forced = context.forcedFeatureValues;
      if (forced?.has(flagKey)) return overrideResult(forced.get(flagKey));
      let feature = lastFeature;
      if (flagKey !== lastKey || feature === undefined) {
        feature = features.get(flagKey);
        if (feature === undefined) return UNKNOWN_FEATURE_RESULT;
        lastKey = flagKey;
        lastFeature = feature;
      }
      return feature.constant ?? feature.evaluate(context);
    } catch {
      env.depth = 0;
      return features.get(flagKey)?.errorResult ?? GENERAL_ERROR_RESULT;
    }
  }

  return {
    evaluate,
    getValue<T>(flagKey: string, context: EvalContext, defaultValue: T): FeatureResult<T> {
      const result = evaluate(flagKey, context);
      if (result.reason === "ERROR") return { ...result, value: defaultValue };
      if (typeof result.value === typeof defaultValue) return result as FeatureResult<T>;
      return { ...result, value: defaultValue, reason: "ERROR", errorCode: "TYPE_MISMATCH" };
    },
    explain(flagKey: string, context: EvalContext): Explanation {
      const result = evaluate(flagKey, context);
      const feature = features.get(flagKey);
      if (feature === undefined || result.source === "override" || result.reason === "ERROR")
        return { result, rules: [] };
      try {
        return { result, rules: explainFeature(feature, context, env) };
      } catch {
        env.depth = 0;
        return { result, rules: [] };
      }
    },
    runExperiment(experiment: ExperimentDefinition, context: EvalContext): ExperimentResult {
      return runStandalone(experiment, context, env);
    },
    flagKeys: Object.freeze([...features.keys()]),
    stickyBucketAttributes: Object.freeze(stickyAttributes(parsed)),
    warnings: Object.freeze(warnings),
  };
}

function runStandalone(experiment: ExperimentDefinition, context: EvalContext, env: EvalEnv): ExperimentResult {
  try {
    const attributes = context.attributes ?? {};
    const compiled = compileExperiment(experiment, env, []);
    const plan = compilePlan(asReportedExperiment(experiment), experiment, undefined);
    const out = { variation: 0, inExperiment: false, hashUsed: false, bucket: -1, stickyBucketUsed: false };
    assignVariation(compiled, plan, context, attributes, env, out);
    return buildExperimentResult(compiled, plan, context, attributes, out, null);
  } catch {
    env.depth = 0;
    return notInExperiment(experiment);
  }
}

/** The answer when an experiment cannot be run at all (a malformed definition, attributes that throw). */
function notInExperiment(experiment: ExperimentDefinition): ExperimentResult {
  const variations = Array.isArray(experiment?.variations) ? experiment.variations : [];
  return {
    key: "0",
    featureId: null,
    inExperiment: false,
    hashUsed: false,
    variationId: 0,
    value: variations[0],
    hashAttribute: typeof experiment?.hashAttribute === "string" ? experiment.hashAttribute : "id",
    hashValue: "",
    stickyBucketUsed: false,
  };
}

/** Hash and fallback attributes of every experiment rule: the sticky-bucket documents a host should load. */
function stickyAttributes(payload: SdkPayload): string[] {
  const attributes = new Set<string>();
  for (const feature of Object.values(payload.features ?? {})) {
    for (const rule of feature.rules ?? []) {
      if (ruleVariations(rule) === undefined) continue;
      attributes.add(rule.hashAttribute || "id");
      if (rule.fallbackAttribute) attributes.add(rule.fallbackAttribute);
    }
  }
  return [...attributes];
}

import type { FeatureDefinition, SdkPayload } from "../payload/payload-types.js";
import { type CompiledFeature, createEnv, type EvalEnv, type EvaluatorFlavor } from "./eval-env.js";
import { recordInternals } from "./evaluator-internals.js";
import type { EvalContext, Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { withoutExtras } from "./experiment-extras.js";
import type { FeatureResult } from "./feature-result.js";
import type { FeatureCompiler, FeatureSource, FeatureTable } from "./feature-table.js";
import { type EvaluatorCalls, PayloadEvaluator } from "./payload-evaluator.js";
import { overrideResult, staticResult, UNKNOWN_FEATURE_RESULT } from "./result-factory.js";

const GENERAL_ERROR_RESULT = staticResult(null, "unknownFeature", "", "ERROR", undefined, "GENERAL");

/**
 * A new evaluator over a payload that is already validated or trusted, with the table `tableOf` makes (a
 * patchable one for `createEvaluator`, a plain one for the trusted browser path), the `$regex` backtracking check
 * and the experiment extras of `flavor`.
 */
export function newEvaluator(
  parsed: SdkPayload,
  options: EvaluatorOptions,
  flavor: EvaluatorFlavor,
  tableOf: (definitions: FeatureSource, compiler: FeatureCompiler) => FeatureTable,
): Evaluator {
  const env = createEnv(parsed.savedGroups ?? {}, flavor);
  const compiler: FeatureCompiler = {
    env,
    contextualBandits: parsed["contextualBandits"],
    warnings: [],
    onWarning: options.onWarning,
  };
  const features = tableOf(recordSource(parsed.features ?? {}), compiler);
  env.features = features;
  if (options.eager) features.compileAll(true);
  return evaluatorOver(features, env, compiler);
}

/** The evaluator answering from a table of compiled flags; evaluation never throws. */
export function evaluatorOver(features: FeatureTable, env: EvalEnv, compiler: FeatureCompiler): Evaluator {
  // The last flag looked up: hot loops evaluate one flag many times, and a pointer compare beats a Map lookup.
  let lastKey = "";
  let lastFeature: CompiledFeature | undefined;

  function evaluate(flagKey: string, given: EvalContext): FeatureResult {
    try {
      const context = env.extras === undefined ? withoutExtras(given) : given;
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
      return errorResultOf(features, flagKey);
    }
  }

  const calls: EvaluatorCalls = {
    evaluate,
    getValue<T>(flagKey: string, context: EvalContext, defaultValue: T): FeatureResult<T> {
      const result = evaluate(flagKey, context);
      if (result.reason === "ERROR") return { ...result, value: defaultValue };
      if (typeof result.value === typeof defaultValue) return result as FeatureResult<T>;
      return { ...result, value: defaultValue, reason: "ERROR", errorCode: "TYPE_MISMATCH" };
    },
  };
  const evaluator = new PayloadEvaluator(calls, features, compiler.warnings);
  recordInternals(evaluator, { features, env, compiler });
  return evaluator;
}

/** The result of a flag whose evaluation threw: its default value when it compiles, else a general error. */
function errorResultOf(features: FeatureTable, flagKey: string): FeatureResult {
  try {
    return features.get(flagKey)?.errorResult ?? GENERAL_ERROR_RESULT;
  } catch {
    return GENERAL_ERROR_RESULT;
  }
}

/** The flags of a payload read in place (what `FeatureLayers.of` gives, without its patching machinery). */
function recordSource(record: Readonly<Record<string, FeatureDefinition | undefined>>): FeatureSource {
  return {
    get: (key) => (Object.hasOwn(record, key) ? record[key] : undefined),
    keys: () => Object.keys(record).filter((key) => record[key] !== undefined),
  };
}

import type { SavedGroups, SdkPayload } from "../payload/payload-types.js";
import { type CompiledFeature, createEnv, type EvalEnv } from "./eval-env.js";
import { internalsOf, recordInternals } from "./evaluator-internals.js";
import type { EvalContext, Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { FeatureLayers } from "./feature-layers.js";
import type { FeatureResult } from "./feature-result.js";
import { type FeatureCompiler, FeatureTable } from "./feature-table.js";
import { type EvaluatorCalls, PayloadEvaluator } from "./payload-evaluator.js";
import { overrideResult, staticResult, UNKNOWN_FEATURE_RESULT } from "./result-factory.js";

const GENERAL_ERROR_RESULT = staticResult(null, "unknownFeature", "", "ERROR", undefined, "GENERAL");

/**
 * The evaluator of a payload that is already validated (`createEvaluator` validates first) or trusted as it is
 * (`createTrustedEvaluator`, for browsers, whose payload the server validated): it imports no validation, so a
 * bundle that never validates leaves the validator out. `safePattern` is the `$regex` backtracking check
 * (`undefined` trusts patterns: the browser path, where the server checked them on write). Each flag is compiled into closures on its first
 * evaluation; evaluation never throws (a flag that cannot be compiled or evaluated answers its error result).
 */
export function buildEvaluator(
  parsed: SdkPayload,
  options: EvaluatorOptions,
  safePattern: ((pattern: string) => boolean) | undefined,
): Evaluator {
  const warnings: string[] = [];
  const env = createEnv(parsed.savedGroups ?? {}, safePattern);
  const compiler: FeatureCompiler = {
    env,
    contextualBandits: parsed["contextualBandits"],
    warnings,
    onWarning: options.onWarning,
  };
  const features = new FeatureTable(FeatureLayers.of(parsed.features), compiler);
  env.features = features;
  if (options.eager) features.compileAll(true);
  return evaluatorOver(features, env, compiler);
}

/**
 * The evaluator of `previous`'s payload with its flags replaced by `definitions` (already validated, e.g. by
 * `parsePayload`), where only the `changed` flags differ, and with `savedGroups` when given: every flag compiled by
 * `previous` is kept compiled unless it changed, reads a saved group that changed, or names such a flag as a
 * prerequisite (directly or not). Contextual bandits stay `previous`'s (when they change, use `createEvaluator`).
 * `previous` keeps answering, but its prerequisites now read the new flags: replace it.
 * @example patchEvaluator(evaluator, FeatureLayers.of(next.features), ["new-checkout"])
 */
export function patchEvaluator(
  previous: Evaluator,
  definitions: FeatureLayers,
  changed: Iterable<string>,
  savedGroups?: SavedGroups,
): Evaluator {
  const internals = internalsOf(previous);
  if (internals === undefined) {
    throw new TypeError("patchEvaluator: the previous evaluator was not made by createEvaluator");
  }
  const { env, compiler: old } = internals;
  const changedGroups = savedGroups === undefined ? [] : groupsChanged(env.savedGroups, savedGroups);
  if (savedGroups !== undefined) env.savedGroups = savedGroups;
  const compiler: FeatureCompiler = { ...old, warnings: [] };
  const features = internals.features.handOver(definitions, changed, compiler, changedGroups);
  env.features = features;
  return evaluatorOver(features, env, compiler);
}

/** Names of the groups added, removed or given other ids. */
function groupsChanged(before: SavedGroups, after: SavedGroups): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

function evaluatorOver(features: FeatureTable, env: EvalEnv, compiler: FeatureCompiler): Evaluator {
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

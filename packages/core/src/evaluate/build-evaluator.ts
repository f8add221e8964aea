import { FULL_CONDITIONS } from "../condition/compile-condition.js";
import { finishHashV2 } from "../hash/fnv-digits.js";
import type { SavedGroups, SdkPayload } from "../payload/payload-types.js";
import { internalsOf } from "./evaluator-internals.js";
import { evaluatorOver, newEvaluator } from "./evaluator-over.js";
import type { Evaluator, EvaluatorOptions } from "./evaluator-types.js";
import { EXPERIMENT_EXTRAS } from "./experiment-extras.js";
import type { FeatureLayers } from "./feature-layers.js";
import type { FeatureCompiler } from "./feature-table.js";
import { PatchableFeatureTable } from "./patchable-table.js";

/**
 * The evaluator of a payload that is already validated (`createEvaluator` validates first): it imports no
 * validation itself. Each flag is compiled into closures on its first evaluation; evaluation never throws (a flag
 * that cannot be compiled or evaluated answers its error result). Its table tracks what each compiled flag depends
 * on, so `patchEvaluator` can keep them. Conditions compile in full (`FULL_CONDITIONS`: regexes checked).
 */
export function buildEvaluator(parsed: SdkPayload, options: EvaluatorOptions): Evaluator {
  return newEvaluator(
    parsed,
    options,
    { conditions: FULL_CONDITIONS, extras: EXPERIMENT_EXTRAS, finishHashV2 },
    (definitions, compiler) => new PatchableFeatureTable(definitions, compiler),
  );
}

/**
 * The evaluator of `previous`'s payload with its flags replaced by `definitions` (already validated, e.g. by
 * `parsePayload`), where only the `changed` flags differ, and with `savedGroups` when given: every flag compiled by
 * `previous` is kept compiled unless it changed, reads a saved group that changed, or names such a flag as a
 * prerequisite (directly or not). Contextual bandits stay `previous`'s (when they change, use `createEvaluator`).
 * `previous` keeps answering, but its prerequisites now read the new flags: replace it. Throws a `TypeError` for an
 * evaluator `createEvaluator` did not make (a trusted one included: rebuild it instead).
 * @example patchEvaluator(evaluator, FeatureLayers.of(next.features), ["new-checkout"])
 */
export function patchEvaluator(
  previous: Evaluator,
  definitions: FeatureLayers,
  changed: Iterable<string>,
  savedGroups?: SavedGroups,
): Evaluator {
  const internals = internalsOf(previous);
  if (internals === undefined || !(internals.features instanceof PatchableFeatureTable)) {
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

import type { CompiledCondition } from "../condition/compile-condition.js";
import { compileConditionWith } from "../condition/compile-condition.js";
import { getBucketRanges } from "../hash/get-bucket-ranges.js";
import type { BucketRange, Condition, VariationMeta } from "../payload/payload-types.js";
import type { CompiledParent, EvalEnv } from "./eval-env.js";
import type { ExperimentDefinition } from "./evaluator-types.js";
import type { Experiment } from "./feature-result.js";
import { compileParents } from "./prerequisites.js";
import {
  type CompiledFilter,
  type CompiledNamespace,
  compileFilters,
  compileNamespace,
  compileUnitHash,
  type UnitHash,
} from "./unit-hash.js";

/** Contextual-bandit fields reported on results bucketed through a bandit leaf. */
export interface BanditInfo {
  readonly leafId: number;
  readonly variationWeights: readonly number[] | undefined;
  readonly banditVersion: number | undefined;
}

/** The weights-dependent part of an experiment: one per contextual-bandit leaf, else one. */
export interface ExperimentPlan {
  readonly ranges: readonly BucketRange[];
  /** The experiment as GrowthBook reports it on feature results bucketed by hash. */
  readonly experiment: Experiment;
  /** The same without `contextualBandit`, for units forced into a variation. */
  readonly forcedExperiment: Experiment;
  readonly bandit: BanditInfo | undefined;
}

/** An experiment compiled once: everything `assignVariation` needs, with defaults applied. */
export interface CompiledExperiment {
  readonly key: string;
  readonly variations: readonly unknown[];
  readonly hashAttribute: string;
  readonly fallbackAttribute: string | undefined;
  readonly stickyAllowed: boolean;
  readonly bucketVersion: number;
  readonly minBucketVersion: number;
  /** Per variation: `meta[i].key`, else the index as a string (the variation key of results and sticky buckets). */
  readonly variationKeys: readonly string[];
  readonly variationNames: readonly (string | undefined)[];
  readonly passthrough: readonly boolean[];
  /** Raw `meta[i].key` values, to map a sticky assignment back to its variation. */
  readonly metaKeys: readonly (string | undefined)[];
  readonly seed: string;
  readonly hashVersion: number;
  readonly unitHash: UnitHash;
  readonly filters: readonly CompiledFilter[] | undefined;
  readonly namespace: CompiledNamespace | undefined;
  readonly condition: CompiledCondition | undefined;
  readonly sourceCondition: Condition | undefined;
  readonly parents: readonly CompiledParent[] | undefined;
  readonly excludedByGroups: boolean;
  readonly inactive: boolean;
  readonly stopped: boolean;
  readonly force: number | undefined;
}

/** Compiles an experiment definition (a feature rule turned into one, or a standalone experiment). */
export function compileExperiment(
  definition: ExperimentDefinition,
  env: EvalEnv,
  warnings: string[],
): CompiledExperiment {
  const meta: readonly (VariationMeta | undefined)[] = definition.meta ?? [];
  const variations = definition.variations;
  const seed = definition.seed || definition.key;
  const hashVersion = definition.hashVersion || 1;
  const condition = definition.condition;
  return {
    key: definition.key,
    variations,
    hashAttribute: definition.hashAttribute || "id",
    fallbackAttribute: definition.fallbackAttribute || undefined,
    stickyAllowed: !definition.disableStickyBucketing,
    bucketVersion: definition.bucketVersion || 0,
    minBucketVersion: definition.minBucketVersion || 0,
    variationKeys: variations.map((_, i) => meta[i]?.key || String(i)),
    variationNames: variations.map((_, i) => meta[i]?.name || undefined),
    passthrough: variations.map((_, i) => !!meta[i]?.passthrough),
    metaKeys: meta.map((m) => m?.key),
    seed,
    hashVersion,
    unitHash: compileUnitHash(seed, hashVersion, env.finishHashV2),
    filters: definition.filters ? compileFilters(definition.filters, env.finishHashV2) : undefined,
    namespace: definition.namespace ? compileNamespace(definition.namespace) : undefined,
    condition: condition ? compileConditionWith(condition, env.savedGroups, warnings, env.conditions) : undefined,
    sourceCondition: condition,
    parents: compileParents(definition.parentConditions, env, warnings),
    excludedByGroups: definition.groups !== undefined,
    inactive: definition.status === "draft" || definition.active === false,
    stopped: definition.status === "stopped",
    force: "force" in definition ? (definition.force ?? -1) : undefined,
  };
}

/** The experiment object results report: the definition itself (a frozen payload-derived object). */
export function asReportedExperiment(definition: ExperimentDefinition): Experiment {
  return definition as unknown as Experiment;
}

/** Builds the plan of an experiment for given weights (a bandit leaf's, or the experiment's own). */
export function compilePlan(
  experiment: Experiment,
  definition: ExperimentDefinition,
  bandit: BanditInfo | undefined,
): ExperimentPlan {
  const weights = experiment["weights"] as number[] | undefined;
  const coverage = definition.coverage;
  const ranges =
    definition.ranges ?? getBucketRanges(definition.variations.length, coverage === undefined ? 1 : coverage, weights);
  const forcedExperiment = Object.freeze({ ...experiment });
  const withBandit =
    bandit === undefined ? forcedExperiment : Object.freeze({ ...experiment, contextualBandit: banditField(bandit) });
  return { ranges, experiment: withBandit, forcedExperiment, bandit };
}

function banditField(bandit: BanditInfo): Record<string, unknown> {
  const field: Record<string, unknown> = { leafId: bandit.leafId, variationWeights: bandit.variationWeights };
  if (bandit.banditVersion !== undefined) field["banditVersion"] = bandit.banditVersion;
  return Object.freeze(field);
}

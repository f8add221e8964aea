import type { CompiledCondition } from "../condition/compile-condition.js";
import { compileConditionWith } from "../condition/compile-condition.js";
import { getEqualWeights } from "../hash/get-equal-weights.js";
import type { Attributes, Condition } from "../payload/payload-types.js";
import { isJsonObject } from "./clone-json.js";
import { asReportedExperiment, compilePlan, type ExperimentPlan } from "./compile-experiment.js";
import type { EvalEnv } from "./eval-env.js";
import type { ExperimentDefinition } from "./evaluator-types.js";

/** The fallback leaf: no leaf condition matched (or there are none); the rule's own weights apply. */
export const FALLBACK_LEAF_ID = -1;

/** One leaf of a contextual bandit: units matching `condition` get the leaf's weights. */
export interface BanditLeaf {
  readonly leafId: number;
  readonly condition: CompiledCondition;
  readonly plan: ExperimentPlan;
}

/** A contextual bandit compiled for one rule: its leaves in order, and the plan when none matches. */
export interface ContextualBandit {
  readonly ref: string;
  readonly leaves: readonly BanditLeaf[];
  readonly fallback: ExperimentPlan;
}

interface BanditDefinition {
  banditVersion?: number;
  contexts?: { leafId?: number; condition?: Condition; weights?: number[] }[];
}

/**
 * Compiles the bandit a rule refers to (`contextualBanditRef`); undefined when it refers to none that exists, in which
 * case the rule is an ordinary experiment.
 */
export function compileContextualBandit(
  ref: unknown,
  bandits: unknown,
  definition: ExperimentDefinition,
  env: EvalEnv,
  warnings: string[],
): ContextualBandit | undefined {
  if (typeof ref !== "string" || !isJsonObject(bandits) || !Object.hasOwn(bandits, ref)) return undefined;
  const bandit = bandits[ref] as BanditDefinition;
  const banditVersion = bandit.banditVersion;
  const leaves = (bandit.contexts ?? []).map((leaf): BanditLeaf => {
    const experiment = asReportedExperiment({ ...definition, weights: leaf.weights as number[] });
    const leafId = leaf.leafId ?? FALLBACK_LEAF_ID;
    return {
      leafId,
      condition: compileConditionWith(leaf.condition ?? {}, env.savedGroups, warnings, env.conditions),
      plan: compilePlan(
        experiment,
        { ...definition, weights: leaf.weights as number[] },
        {
          leafId,
          variationWeights: leaf.weights,
          banditVersion,
        },
      ),
    };
  });
  const weights = definition.weights ?? getEqualWeights(definition.variations.length);
  const fallback = compilePlan(asReportedExperiment(definition), definition, {
    leafId: FALLBACK_LEAF_ID,
    variationWeights: weights,
    banditVersion,
  });
  return { ref, leaves, fallback };
}

/** The plan for a unit: the first leaf whose condition it meets, else the fallback. */
export function selectBanditPlan(bandit: ContextualBandit, attributes: Attributes): ExperimentPlan {
  try {
    for (const leaf of bandit.leaves) if (leaf.condition(attributes)) return leaf.plan;
  } catch {
    // GrowthBook falls back when a leaf condition throws.
  }
  return bandit.fallback;
}

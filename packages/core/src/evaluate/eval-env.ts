import type { CompiledCondition } from "../condition/compile-condition.js";
import type { ConditionFlavor } from "../condition/matcher.js";
import type {
  Attributes,
  FeatureDefinition,
  FeatureRule,
  ParentCondition,
  SavedGroups,
} from "../payload/payload-types.js";
import type { CompiledExperiment, ExperimentPlan } from "./compile-experiment.js";
import type { ContextualBandit } from "./contextual-bandit.js";
import type { EvalContext, StickyBucketStore } from "./evaluator-types.js";
import type { FeatureResult } from "./feature-result.js";
import type { Rollout } from "./rollout.js";
import type { CompiledFilter, FinishHashV2 } from "./unit-hash.js";

/** A prerequisite compiled once: the parent flag and the condition its value must meet. */
export interface CompiledParent {
  readonly id: string;
  readonly condition: CompiledCondition;
  readonly gate: boolean;
  readonly source: ParentCondition;
}

/** What every rule has: its position, the payload rule, and the checks that run before anything else. */
interface RulePlanBase {
  readonly index: number;
  readonly id: string;
  readonly rule: FeatureRule;
  readonly parents: readonly CompiledParent[] | undefined;
  readonly filters: readonly CompiledFilter[] | undefined;
}

/** A rule that forces a value, to everyone matching (`force`) or to a share of them (`rollout`). */
export interface ForceRulePlan extends RulePlanBase {
  readonly kind: "force" | "rollout";
  readonly condition: CompiledCondition | undefined;
  readonly rollout: Rollout | undefined;
  readonly result: FeatureResult;
}

/** A rule that splits units into variations. */
export interface ExperimentRulePlan extends RulePlanBase {
  readonly kind: "experiment";
  readonly experiment: CompiledExperiment;
  /** The plan without a contextual bandit, or with a dangling bandit reference. */
  readonly plan: ExperimentPlan;
  readonly bandit: ContextualBandit | undefined;
}

/** A rule with neither `force` nor variations: it only ever matters through its prerequisites. */
export interface UnsupportedRulePlan extends RulePlanBase {
  readonly kind: "unsupported";
}

/** One compiled rule, as `explain` reads it. */
export type RulePlan = ForceRulePlan | ExperimentRulePlan | UnsupportedRulePlan;

/** A flag compiled once: its fast evaluation closure, its precomputed results and its rule plans. */
export interface CompiledFeature {
  readonly key: string;
  readonly definition: FeatureDefinition;
  readonly evaluate: (context: EvalContext) => FeatureResult;
  /** The result for every context, when the flag has no rule (checked before calling `evaluate`). */
  readonly constant: FeatureResult | undefined;
  readonly rules: readonly RulePlan[];
  readonly defaultResult: FeatureResult;
  readonly prerequisiteResult: FeatureResult;
  readonly errorResult: FeatureResult;
}

/** The bucketing outcome of one experiment run, written into a reused record instead of a new object. */
export interface Assignment {
  variation: number;
  inExperiment: boolean;
  hashUsed: boolean;
  /** The unit's hash in [0, 1), or -1 when none was computed. */
  bucket: number;
  stickyBucketUsed: boolean;
}

/** Finds a compiled flag by key. */
export interface FeatureLookup {
  get(key: string): CompiledFeature | undefined;
}

const NO_FEATURES: FeatureLookup = { get: () => undefined };

/** What compiled closures share: the flags, the prerequisite path and the reused assignment record. */
export interface EvalEnv {
  /** Every flag of the payload by key, compiled on first use (set once, by `createEvaluator`). */
  features: FeatureLookup;
  /** Replaced by `patchEvaluator` when the groups change; compiled conditions hold the lists they were built with. */
  savedGroups: SavedGroups;
  /** Flags whose prerequisites are being evaluated, outermost first (only `path[0..depth)` is live). */
  readonly path: string[];
  depth: number;
  readonly assignment: Assignment;
  /** How conditions compile: the `$regex` check (none on the trusted browser path) and the fast paths. */
  readonly conditions: ConditionFlavor;
  /** URL overrides and sticky bucketing (`EXPERIMENT_EXTRAS`); `undefined` in the lean evaluator, which ignores them. */
  readonly extras: ExperimentExtras | undefined;
  /** How v2 hashes finish: `finishHashV2` (digit tables), or `finishHashV2Plain` in the lean evaluator. */
  readonly finishHashV2: FinishHashV2;
}

/** The experiment steps a context switches on, injected so that the lean evaluator's bundle can leave them out. */
export interface ExperimentExtras {
  /** The variation `?<experimentKey>=<index>` in the URL forces, or null. */
  queryOverride(experimentKey: string, url: string, variationCount: number): number | null;
  /** The variation a unit is stuck to: its index, or a negative `STICKY_*` value. */
  lookupSticky(experiment: CompiledExperiment, attributes: Attributes, store: StickyBucketStore): number;
  saveSticky(
    store: StickyBucketStore,
    attribute: string,
    unit: unknown,
    experimentKey: string,
    variationKey: string,
  ): void;
}

/** How an evaluator is built: its conditions' flavor, its experiment extras and its v2 hash finish (see `createLeanEvaluator`). */
export interface EvaluatorFlavor {
  readonly conditions: ConditionFlavor;
  readonly extras: ExperimentExtras | undefined;
  readonly finishHashV2: FinishHashV2;
}

/** A fresh environment for a set of flags. */
export function createEnv(savedGroups: SavedGroups, flavor: EvaluatorFlavor): EvalEnv {
  return {
    conditions: flavor.conditions,
    extras: flavor.extras,
    finishHashV2: flavor.finishHashV2,
    features: NO_FEATURES,
    savedGroups,
    path: [],
    depth: 0,
    assignment: { variation: 0, inExperiment: false, hashUsed: false, bucket: -1, stickyBucketUsed: false },
  };
}

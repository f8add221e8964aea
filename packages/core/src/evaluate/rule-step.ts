import type { Attributes } from "../payload/payload-types.js";
import { assignVariation } from "./assign-variation.js";
import { buildExperimentResult } from "./build-experiment-result.js";
import { selectBanditPlan } from "./contextual-bandit.js";
import type { EvalEnv, ExperimentRulePlan, ForceRulePlan, RulePlan } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import type { FeatureResult } from "./feature-result.js";
import {
  checkPrerequisites,
  PREREQUISITES_BLOCK_FLAG,
  PREREQUISITES_PASS,
  PREREQUISITES_SKIP_RULE,
} from "./prerequisites.js";
import { CYCLIC_RESULT, experimentFeatureResult } from "./result-factory.js";
import { inRollout } from "./rollout.js";
import { failingFilter, unitText } from "./unit-hash.js";

/** One rule as a closure: its result when it decides the flag, undefined to go on with the next rule. */
export type RuleStep = (context: EvalContext, attributes: Attributes) => FeatureResult | undefined;

/** Precomputed results a rule may answer with besides its own. */
export interface FlagResults {
  readonly prerequisiteResult: FeatureResult;
}

/**
 * Runs the checks every rule starts with; undefined when they pass, else what the rule answers (`null` to skip).
 * Prerequisites can block the whole flag or reveal a cycle, which ends the flag's evaluation.
 */
export function runCommonChecks(
  plan: RulePlan,
  featureKey: string,
  results: FlagResults,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
): FeatureResult | null | undefined {
  if (plan.parents !== undefined) {
    const outcome = checkPrerequisites(featureKey, plan.parents, context, env);
    if (outcome !== PREREQUISITES_PASS) {
      if (outcome === PREREQUISITES_SKIP_RULE) return null;
      return outcome === PREREQUISITES_BLOCK_FLAG ? results.prerequisiteResult : CYCLIC_RESULT;
    }
  }
  if (plan.filters !== undefined && failingFilter(plan.filters, attributes) >= 0) return null;
  return undefined;
}

/** Compiles a rule plan into the closure the fast path runs. */
export function compileRuleStep(plan: RulePlan, featureKey: string, results: FlagResults, env: EvalEnv): RuleStep {
  const common = plan.parents !== undefined || plan.filters !== undefined;
  if (plan.kind === "experiment") return experimentStep(plan, featureKey, results, env, common);
  if (plan.kind === "unsupported") {
    if (!common) return () => undefined;
    return (context, attributes) => runCommonChecks(plan, featureKey, results, context, attributes, env) ?? undefined;
  }
  return forceStep(plan, featureKey, results, env, common);
}

function forceStep(
  plan: ForceRulePlan,
  featureKey: string,
  results: FlagResults,
  env: EvalEnv,
  common: boolean,
): RuleStep {
  const { condition, rollout, result } = plan;
  if (!common && condition === undefined && rollout === undefined) return () => result;
  if (!common && rollout === undefined && condition !== undefined) {
    return (_context, attributes) => (condition(attributes) ? result : undefined);
  }
  // A targeted percentage rollout gets its own closure without the general one's branches; the condition runs
  // first, so only matching units are hashed.
  if (!common && rollout !== undefined && condition !== undefined) {
    return (context, attributes) =>
      condition(attributes) && inRollout(rollout, attributes, context.stickyBuckets !== undefined) ? result : undefined;
  }
  return (context, attributes) => {
    if (common) {
      const early = runCommonChecks(plan, featureKey, results, context, attributes, env);
      if (early !== undefined) return early ?? undefined;
    }
    if (condition !== undefined && !condition(attributes)) return undefined;
    if (rollout !== undefined && !inRollout(rollout, attributes, context.stickyBuckets !== undefined)) return undefined;
    return result;
  };
}

function experimentStep(
  plan: ExperimentRulePlan,
  featureKey: string,
  results: FlagResults,
  env: EvalEnv,
  common: boolean,
): RuleStep {
  const { experiment, bandit, id } = plan;
  const out = env.assignment;
  return (context, attributes) => {
    if (common) {
      const early = runCommonChecks(plan, featureKey, results, context, attributes, env);
      if (early !== undefined) return early ?? undefined;
    }
    const bucketing = bandit === undefined ? plan.plan : selectBanditPlan(bandit, attributes);
    assignVariation(experiment, bucketing, context, attributes, env, out);
    if (!out.inExperiment || experiment.passthrough[out.variation]) return undefined;
    const experimentResult = buildExperimentResult(experiment, bucketing, context, attributes, out, featureKey);
    const shown = out.hashUsed ? bucketing.experiment : bucketing.forcedExperiment;
    return experimentFeatureResult(id, shown, experimentResult, unitText(experimentResult.hashValue));
  };
}

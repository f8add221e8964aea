import { compileConditionWith } from "../condition/compile-condition.js";
import type { FeatureRule } from "../payload/payload-types.js";
import { asReportedExperiment, compileExperiment, compilePlan } from "./compile-experiment.js";
import { compileContextualBandit } from "./contextual-bandit.js";
import type { EvalEnv, RulePlan } from "./eval-env.js";
import { compileParents } from "./prerequisites.js";
import { type FlagVariation, staticResult } from "./result-factory.js";
import { compileRollout } from "./rollout.js";
import { ruleExperiment, ruleVariations } from "./rule-experiment.js";
import { compileFilters } from "./unit-hash.js";

/** What a rule needs to know about its flag and payload while compiling. */
export interface RuleScope {
  readonly featureKey: string;
  readonly variations: readonly FlagVariation[] | undefined;
  readonly contextualBandits: unknown;
  readonly env: EvalEnv;
  readonly warnings: string[];
}

function isEmptyObject(value: object | undefined): boolean {
  if (value === undefined) return true;
  for (const _ in value) return false;
  return true;
}

/** Compiles one payload rule into its plan: checks with defaults applied and precomputed results. */
export function compileRule(rule: FeatureRule, index: number, scope: RuleScope): RulePlan {
  const { featureKey, env, warnings } = scope;
  const base = {
    index,
    id: rule.id ?? "",
    rule,
    parents: compileParents(rule.parentConditions, env, warnings),
    filters: rule.filters ? compileFilters(rule.filters, env.finishHashV2) : undefined,
  };
  if ("force" in rule) {
    const rollout = compileRollout(rule, featureKey, env.finishHashV2);
    // An empty condition always passes; not compiling it keeps the closure short.
    const condition = isEmptyObject(rule.condition)
      ? undefined
      : compileConditionWith(rule.condition ?? {}, env.savedGroups, warnings, env.conditions);
    const targeted =
      condition !== undefined || rollout !== undefined || base.parents !== undefined || base.filters !== undefined;
    const reason = targeted ? "TARGETING_MATCH" : "STATIC";
    const result = staticResult(rule.force, "force", base.id, reason, scope.variations);
    return { ...base, kind: rollout === undefined ? "force" : "rollout", condition, rollout, result };
  }
  const variations = ruleVariations(rule);
  if (variations === undefined) return { ...base, kind: "unsupported" };
  const definition = Object.freeze(ruleExperiment(rule, featureKey, variations));
  return {
    ...base,
    kind: "experiment",
    experiment: compileExperiment(definition, env, warnings),
    plan: compilePlan(asReportedExperiment(definition), definition, undefined),
    bandit: compileContextualBandit(rule["contextualBanditRef"], scope.contextualBandits, definition, env, warnings),
  };
}

import { explainCondition } from "../condition/explain-condition.js";
import type { Attributes } from "../payload/payload-types.js";
import { assignVariation } from "./assign-variation.js";
import { selectBanditPlan } from "./contextual-bandit.js";
import type { CompiledFeature, EvalEnv, ExperimentRulePlan, ForceRulePlan, RulePlan } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import { explainFilters, explainPrerequisites } from "./explain-checks.js";
import { explainExperiment } from "./explain-experiment.js";
import type { RuleTrace } from "./feature-result.js";
import { bucketInRollout, rolloutBucket } from "./rollout.js";

/** A rule's trace and whether the rule decided the flag (so later rules were not evaluated). */
export interface RuleVerdict {
  trace: RuleTrace;
  decides: boolean;
}

/** Traces every rule of a flag for one context: the slow path behind `Evaluator.explain`. */
export function explainFeature(feature: CompiledFeature, context: EvalContext, env: EvalEnv): RuleTrace[] {
  const attributes = context.attributes ?? {};
  const traces: RuleTrace[] = [];
  let decided = false;
  for (const plan of feature.rules) {
    if (decided) {
      traces.push(baseTrace(plan, false, "not evaluated: an earlier rule decided the value"));
      continue;
    }
    const verdict = explainRule(plan, feature, context, attributes, env);
    traces.push(verdict.trace);
    decided = verdict.decides;
  }
  return traces;
}

/** A trace with the fields every rule has. */
export function baseTrace(plan: RulePlan, matched: boolean, reason: string): RuleTrace {
  const kind = plan.kind === "rollout" ? "ramp" : plan.kind;
  return { index: plan.index, id: plan.id, kind, matched, reason, rule: plan.rule };
}

function explainRule(
  plan: RulePlan,
  feature: CompiledFeature,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
): RuleVerdict {
  if (plan.parents !== undefined) {
    const prerequisites = explainPrerequisites(feature.key, plan.parents, context, env);
    if (prerequisites !== undefined) {
      return { trace: baseTrace(plan, false, prerequisites.reason), decides: prerequisites.decides };
    }
  }
  if (plan.filters !== undefined) {
    const filtered = explainFilters(plan.filters, attributes);
    if (filtered !== undefined) return { trace: baseTrace(plan, false, filtered), decides: false };
  }
  if (plan.kind === "unsupported") {
    return { trace: baseTrace(plan, false, "skipped: the rule has neither `force` nor variations"), decides: false };
  }
  if (plan.kind === "experiment") return explainExperimentRule(plan, context, attributes, env);
  return explainForceRule(plan, context, attributes, env);
}

function explainForceRule(
  plan: ForceRulePlan,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
): RuleVerdict {
  if (plan.condition !== undefined && !plan.condition(attributes)) {
    const why =
      explainCondition(plan.rule.condition ?? {}, attributes, env.savedGroups) ?? "the condition does not match";
    return { trace: baseTrace(plan, false, `condition failed: ${why}`), decides: false };
  }
  const rollout = plan.rollout;
  if (rollout === undefined) return { trace: baseTrace(plan, true, "forced value served"), decides: true };
  const trace = baseTrace(plan, false, "");
  trace.hashAttribute = rollout.hashAttribute;
  if (rollout.range !== undefined) trace.coverage = rollout.range[1] - rollout.range[0];
  else trace.coverage = rollout.coverage;
  if (rollout.range === undefined && rollout.coverage === 0) {
    trace.reason = "excluded: the rollout covers 0% of units";
    return { trace, decides: false };
  }
  const sticky = context.stickyBuckets !== undefined;
  const bucket = rolloutBucket(rollout, attributes, sticky);
  if (bucket === -1) {
    trace.reason = `excluded: hash attribute "${rollout.hashAttribute}" is missing`;
    return { trace, decides: false };
  }
  if (bucket === -2) {
    trace.reason = `excluded: unknown hashVersion ${String(plan.rule.hashVersion)}`;
    return { trace, decides: false };
  }
  trace.bucket = bucket;
  trace.hashValue = String(attributes[rollout.hashAttribute] || attributes[rollout.fallbackAttribute ?? ""]);
  const where =
    rollout.range !== undefined ? `range [${rollout.range[0]}, ${rollout.range[1]})` : `coverage ${rollout.coverage}`;
  trace.matched = bucketInRollout(rollout, bucket);
  trace.reason = trace.matched ? `in rollout: bucket ${bucket} within ${where}` : `bucket ${bucket} outside ${where}`;
  return { trace, decides: trace.matched };
}

function explainExperimentRule(
  plan: ExperimentRulePlan,
  context: EvalContext,
  attributes: Attributes,
  env: EvalEnv,
): RuleVerdict {
  const bucketing = plan.bandit === undefined ? plan.plan : selectBanditPlan(plan.bandit, attributes);
  // Bucket on a copy of the sticky documents: explaining must not record assignments.
  const store = context.stickyBuckets;
  const probe = store === undefined ? context : { ...context, stickyBuckets: { docs: { ...store.docs } } };
  const out = { variation: 0, inExperiment: false, hashUsed: false, bucket: -1, stickyBucketUsed: false };
  assignVariation(plan.experiment, bucketing, probe, attributes, env, out);
  const trace = baseTrace(plan, false, "");
  trace.hashAttribute = plan.experiment.hashAttribute;
  const unit = attributes[plan.experiment.hashAttribute];
  if (unit) trace.hashValue = String(unit);
  if (out.bucket >= 0) trace.bucket = out.bucket;
  trace.matched = out.inExperiment && !plan.experiment.passthrough[out.variation];
  trace.reason = explainExperiment(plan.experiment, bucketing, probe, attributes, env, out);
  return { trace, decides: trace.matched };
}

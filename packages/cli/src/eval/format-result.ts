import type { Explanation, FeatureResult, RuleTrace } from "@switchboard/core";

/** One output line of `switchboard eval`: the answer for one context and one flag. */
export interface EvalOutputLine {
  line: number;
  flag: string;
  value: unknown;
  variation: string | number | null;
  reason: string;
  source: string;
  ruleId: string;
  inExperiment: boolean;
  errorCode?: string;
  rules?: ExplainedRule[];
}

/** `--explain`: what each rule of the flag made of this context. */
export interface ExplainedRule {
  index: number;
  id: string;
  kind: RuleTrace["kind"];
  matched: boolean;
  why: string;
  bucket?: number;
  coverage?: number;
}

/** Shapes an evaluation result into the documented output line. */
export function formatResult(line: number, flag: string, result: FeatureResult, explanation?: Explanation): string {
  const out: EvalOutputLine = {
    line,
    flag,
    value: result.value,
    variation: result.variationKey ?? result.variationId,
    reason: result.reason,
    source: result.source,
    ruleId: result.ruleId,
    inExperiment: result.inExperiment,
  };
  if (result.errorCode) out.errorCode = result.errorCode;
  if (explanation) out.rules = explanation.rules.map(explainRule);
  return JSON.stringify(out);
}

function explainRule(trace: RuleTrace): ExplainedRule {
  const rule: ExplainedRule = {
    index: trace.index,
    id: trace.id,
    kind: trace.kind,
    matched: trace.matched,
    why: trace.reason,
  };
  if (trace.bucket !== undefined) rule.bucket = trace.bucket;
  if (trace.coverage !== undefined) rule.coverage = trace.coverage;
  return rule;
}

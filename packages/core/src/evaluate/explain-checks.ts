import { explainCondition } from "../condition/explain-condition.js";
import type { Attributes } from "../payload/payload-types.js";
import type { CompiledParent, EvalEnv } from "./eval-env.js";
import type { EvalContext } from "./evaluator-types.js";
import { evaluateParent } from "./prerequisites.js";
import type { CompiledFilter } from "./unit-hash.js";
import { inAnyRange } from "./unit-hash.js";

/** Why prerequisites stop a rule, and whether they end the flag's evaluation (a gate or a cycle). */
export interface PrerequisiteVerdict {
  reason: string;
  decides: boolean;
}

/** Explains a rule's prerequisites in the order they are checked; undefined when they all pass. */
export function explainPrerequisites(
  featureKey: string | null,
  parents: readonly CompiledParent[],
  context: EvalContext,
  env: EvalEnv,
): PrerequisiteVerdict | undefined {
  const outerDepth = env.depth;
  if (featureKey !== null) env.path[env.depth++] = featureKey;
  try {
    for (const parent of parents) {
      const result = evaluateParent(env, parent.id, context);
      if (result.source === "cyclicPrerequisite") {
        return { reason: `prerequisite "${parent.id}" leads back to this flag (cycle)`, decides: true };
      }
      if (parent.condition({ value: result.value })) continue;
      const why =
        explainCondition(parent.source.condition ?? {}, { value: result.value }, env.savedGroups) ??
        "the condition does not match";
      return parent.gate
        ? { reason: `prerequisite "${parent.id}" failed, which blocks the flag: ${why}`, decides: true }
        : { reason: `prerequisite "${parent.id}" failed: ${why}`, decides: false };
    }
    return undefined;
  } finally {
    env.depth = outerDepth;
  }
}

/** Explains why filters exclude a unit; undefined when every filter lets it through. */
export function explainFilters(filters: readonly CompiledFilter[], attributes: Attributes): string | undefined {
  for (const filter of filters) {
    const unit = attributes[filter.attribute];
    if (!unit) return `excluded by filter (seed "${filter.seed}"): hash attribute "${filter.attribute}" is missing`;
    const n = filter.unitHash(unit);
    if (n < 0) return `excluded by filter (seed "${filter.seed}"): unknown hash version`;
    if (!inAnyRange(n, filter.ranges)) {
      return `excluded by filter (seed "${filter.seed}"): bucket ${n} outside ${JSON.stringify(filter.ranges)}`;
    }
  }
  return undefined;
}

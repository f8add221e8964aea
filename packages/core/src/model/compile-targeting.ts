import type { Condition, ParentCondition } from "../payload/payload-types.js";
import type { Flag, Segment } from "./flag-set-schema.js";
import { CLIENT_INLINE_ID_LIMIT } from "./model-defaults.js";
import { resolveVariations } from "./normalize-flag-set.js";
import type { Rule } from "./rule-schema.js";

/** What compiling one environment needs besides the rule at hand. */
export interface CompileContext {
  flags: Readonly<Record<string, Flag>>;
  segments: Readonly<Record<string, Segment>>;
  clientVisibleOnly: boolean;
  /** Id-list segments referenced so far; they become the payload's `savedGroups`. */
  usedGroups: Set<string>;
}

/** Who a payload rule applies to: its condition and parent conditions, or "omit" when clients must not get it. */
export type CompiledTargeting = { condition?: Condition; parentConditions?: ParentCondition[] } | "omit";

/**
 * Compiles a rule's condition, segments and prerequisites. Condition segments are inlined with `$and`; id lists
 * become `{attribute: {$inGroup: name}}` over `savedGroups`, or for clients an inline `$in` when the segment is
 * `clientVisible` and small. A client rule that needs any other id list omits its flag: dropping only the rule
 * would serve list members the next rule's value.
 */
export function compileTargeting(rule: Rule, context: CompileContext): CompiledTargeting {
  const parts: Condition[] = rule.condition ? [rule.condition] : [];
  for (const name of rule.segments ?? []) {
    const segment = context.segments[name];
    if (!segment) throw new Error(`compileFlagSet: unknown segment "${name}" (validate the flag set first)`);
    if ("condition" in segment) {
      parts.push(segment.condition);
    } else if (!context.clientVisibleOnly) {
      context.usedGroups.add(name);
      parts.push({ [segment.attribute]: { $inGroup: name } });
    } else if (segment.clientVisible === true && segment.ids.length <= CLIENT_INLINE_ID_LIMIT) {
      parts.push({ [segment.attribute]: { $in: segment.ids } });
    } else {
      return "omit";
    }
  }
  const targeting: { condition?: Condition; parentConditions?: ParentCondition[] } = {};
  if (parts.length === 1 && parts[0]) targeting.condition = parts[0];
  else if (parts.length > 1) targeting.condition = { $and: parts };
  if (rule.prerequisites?.length) {
    targeting.parentConditions = rule.prerequisites.map(({ flag, is }) => ({
      id: flag,
      condition: { value: variationValue(context.flags[flag], is) },
    }));
  }
  return targeting;
}

function variationValue(flag: Flag | undefined, key: string): unknown {
  const variation = flag ? resolveVariations(flag).find((candidate) => candidate.key === key) : undefined;
  if (!variation) throw new Error(`compileFlagSet: unknown variation "${key}" (validate the flag set first)`);
  return variation.value;
}

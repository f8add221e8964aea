import {
  type CustomerEnvironmentNow,
  type CustomerFlagNow,
  compileFlagSet,
  createEvaluator,
  explainFlag,
  type FlagSet,
  resolveVariations,
} from "@switchboard/core";

/** Attribute name → value: what the evaluator is given for the unit. */
export type UnitAttributes = Record<string, string | number | boolean>;

/**
 * Every flag of `flagSet` evaluated in each environment for `attributes`, with the rule that decided it (the core's
 * `explainFlag`, the same evaluator SDKs run). An environment whose payload cannot be compiled is left out.
 */
export function customerNow(
  flagSet: FlagSet,
  environments: readonly string[],
  attributes: UnitAttributes,
): CustomerEnvironmentNow[] {
  const result: CustomerEnvironmentNow[] = [];
  for (const environment of environments) {
    let evaluator: ReturnType<typeof createEvaluator>;
    try {
      evaluator = createEvaluator(compileFlagSet(flagSet, environment));
    } catch {
      continue;
    }
    const flags = Object.keys(flagSet.flags)
      .sort()
      .map((flag) => flagNow(evaluator, flag, attributes, variationKeys(flagSet, flag)));
    result.push({ environment, flags });
  }
  return result;
}

function variationKeys(flagSet: FlagSet, flag: string): string[] {
  const definition = flagSet.flags[flag];
  return definition === undefined ? [] : resolveVariations(definition).map((variation) => variation.key);
}

function flagNow(
  evaluator: ReturnType<typeof createEvaluator>,
  flag: string,
  attributes: UnitAttributes,
  variations: string[],
): CustomerFlagNow {
  const { result, rules } = explainFlag(evaluator, flag, { attributes });
  const decided = result.ruleId === "" ? undefined : rules.find((rule) => rule.matched && rule.id === result.ruleId);
  const passedBy = rules.map((rule) => `rule ${rule.index + 1} (${rule.id}): ${rule.reason}`);
  const reason =
    decided?.reason ??
    (result.reason === "DISABLED"
      ? "the flag is off in this environment: everyone gets the default variation"
      : passedBy.length === 0
        ? "no rules: the default variation"
        : `no rule decided, so the default variation; ${passedBy.join("; ")}`);
  return {
    flag,
    variation: result.variationKey,
    value: result.value,
    ruleId: result.ruleId,
    ruleKind: decided?.kind ?? "default",
    reason,
    evaluationReason: result.reason,
    variations,
  };
}

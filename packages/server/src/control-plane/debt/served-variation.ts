import type { Flag, FlagEnvironment, Rule } from "@switchboard/core";

/**
 * The one variation a flag serves to everyone in every environment, or undefined when some unit could get another.
 * A killed environment serves its default; a rule serving nobody (0 %) is skipped; a rule for everyone at 100 %
 * ends the walk; any narrower rule or experiment must serve the same variation as the rest.
 * (GrowthBook's `evaluatesTo`, taken across environments.)
 */
export function servedToEveryone(flag: Flag, environments: readonly string[]): string | undefined {
  const names = new Set([...environments, ...Object.keys(flag.environments ?? {})]);
  let only: string | undefined;
  for (const name of names) {
    const served = servedInEnvironment(flag, flag.environments?.[name]);
    if (served === undefined || (only !== undefined && served !== only)) return undefined;
    only = served;
  }
  return only ?? flag.defaultVariation;
}

function servedInEnvironment(flag: Flag, environment: FlagEnvironment | undefined): string | undefined {
  const served = variationsServedIn(flag, environment);
  return served.size === 1 ? [...served][0] : undefined;
}

/**
 * The variations a flag can serve in one environment: its default when killed, else each rule's (a rule serving
 * nobody is skipped; the walk ends at a rule for everyone at 100 %) and the default for whoever no rule caught.
 */
export function variationsServedIn(flag: Flag, environment: FlagEnvironment | undefined): Set<string> {
  const fallback = environment?.defaultVariation ?? flag.defaultVariation;
  if (environment === undefined || environment.enabled === false) return new Set([fallback]);
  const served = new Set<string>();
  for (const rule of environment.rules ?? []) {
    if (rule.kind === "experiment") {
      for (const variation of rule.variations) served.add(variation);
      continue;
    }
    const percent = rule.kind === "force" ? (rule.percent ?? 100) : rule.percent;
    if (percent <= 0) continue;
    served.add(rule.serve);
    if (appliesToEveryone(rule) && percent >= 100) return served;
  }
  served.add(fallback);
  return served;
}

function appliesToEveryone(rule: Rule): boolean {
  return (
    Object.keys(rule.condition ?? {}).length === 0 &&
    (rule.segments ?? []).length === 0 &&
    (rule.prerequisites ?? []).length === 0
  );
}

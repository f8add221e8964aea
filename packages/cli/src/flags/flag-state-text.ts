import type { Flag, FlagEnvironment, Rule } from "@switchboard/core";

/**
 * One environment's state of a flag in a few words, as an operator reads it in a table: `killed`, `off` (no
 * configuration: everyone gets the default), or `on` with what its rules serve, e.g. `on: ramp 25% → on, 2 forced`.
 */
export function flagStateText(flag: Flag, environment: string): string {
  const state: FlagEnvironment | undefined = flag.environments?.[environment];
  if (state === undefined) return `off (default ${flag.defaultVariation})`;
  if (state.enabled === false) return `killed (serves ${state.defaultVariation ?? flag.defaultVariation})`;
  const rules = state.rules ?? [];
  if (rules.length === 0) return `on: everyone gets ${state.defaultVariation ?? flag.defaultVariation}`;
  return `on: ${rules.map(ruleText).join(", ")}`;
}

/** A rule in a few words: `ramp 25% → on`, `experiment checkout-abc (a/b/c)`, `force on for 3 ids`. */
export function ruleText(rule: Rule): string {
  switch (rule.kind) {
    case "ramp":
      return `ramp ${rule.percent}% → ${rule.serve}`;
    case "experiment":
      return `experiment ${rule.key} (${rule.variations.join("/")})`;
    case "force":
      return `force ${rule.serve}${rule.percent === undefined ? "" : ` to ${rule.percent}%`} [${rule.id}]`;
  }
}

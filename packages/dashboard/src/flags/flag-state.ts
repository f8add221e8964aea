import type { Flag, Rule } from "@switchboard/core";

/** How a flag serves in one environment, at a glance. */
export interface EnvState {
  kind: "off" | "default" | "ramp" | "full" | "rules";
  /** Short text for the list, e.g. `off`, `ramp 25%`, `100%`, `2 rules`. */
  label: string;
  /** The ramp percentage when the environment is ramping. */
  percent?: number;
}

/** The state of `flag` in `environment`: killed or absent is off; otherwise what its rules amount to. */
export function envStateOf(flag: Flag, environment: string): EnvState {
  const env = flag.environments?.[environment];
  // An environment the flag does not mention is on, with no rules (the server reads it that way too).
  if (env?.enabled === false) return { kind: "off", label: "off" };
  const rules = env?.rules ?? [];
  const defaultVariation = env?.defaultVariation ?? flag.defaultVariation;
  if (rules.length === 0) return { kind: "default", label: `all: ${defaultVariation}` };
  const [only] = rules;
  if (rules.length === 1 && only !== undefined && isForEveryone(only)) {
    // A ramp at 100% serves everyone: it is drawn like a full force, not as a ramp still under way.
    if (only.kind === "ramp" && only.percent < 100)
      return { kind: "ramp", label: `ramp ${only.percent}%`, percent: only.percent };
    if (only.kind !== "experiment" && (only.percent ?? 100) >= 100)
      return { kind: "full", label: `100% ${only.serve}` };
  }
  const ramp = rules.find((rule) => rule.kind === "ramp" && rule.percent < 100);
  if (ramp?.kind === "ramp")
    return { kind: "ramp", label: `${rules.length} rules · ramp ${ramp.percent}%`, percent: ramp.percent };
  return {
    kind: "rules",
    label: rules.length === 1 && only !== undefined ? summarizeRule(only) : `${rules.length} rules`,
  };
}

function isForEveryone(rule: Rule): boolean {
  return (
    (rule.condition === undefined || Object.keys(rule.condition).length === 0) &&
    (rule.segments ?? []).length === 0 &&
    (rule.prerequisites ?? []).length === 0
  );
}

/** The server's notion of state, for the state filter: off when killed, ramping while a rule serves a share. */
export function filterStateOf(flag: Flag, environment: string): "off" | "on" | "ramping" {
  const env = flag.environments?.[environment];
  if (env?.enabled === false) return "off";
  const partial = (env?.rules ?? []).some(
    (rule) => rule.kind !== "experiment" && rule.percent !== undefined && rule.percent > 0 && rule.percent < 100,
  );
  return partial ? "ramping" : "on";
}

/** One rule in a few words: `force on to 3 ids`, `ramp 5% of country=jp`, `experiment exp-13`. */
export function summarizeRule(rule: Rule): string {
  const who = whoOf(rule);
  switch (rule.kind) {
    case "force":
      return `force ${rule.serve}${rule.percent === undefined ? "" : ` ${rule.percent}%`}${who}`;
    case "ramp":
      return `ramp ${rule.serve} ${rule.percent}%${who}`;
    case "experiment":
      return `experiment ${rule.key} (${rule.variations.join("/")})${who}`;
  }
}

function whoOf(rule: Rule): string {
  const parts: string[] = [];
  for (const [attribute, test] of Object.entries(rule.condition ?? {})) {
    const inList = (test as { $in?: unknown } | null)?.$in;
    parts.push(
      Array.isArray(inList) ? `${attribute} in ${inList.length} values` : `${attribute}=${JSON.stringify(test)}`,
    );
  }
  for (const segment of rule.segments ?? []) parts.push(`segment ${segment}`);
  return parts.length === 0 ? "" : ` to ${parts.join(", ")}`;
}

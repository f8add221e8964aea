import type { Flag, FlagEnvironment, Rule, ServerOwnedField } from "@switchboard/core";

const SERVE_ME = "serve-me";

/**
 * The flag a file asks for, with the server-owned fields taken from the server's current flag, so that applying
 * a file never undoes a kill, a ramp or a serve-me that people made while a rollout runs:
 * - `enabled`: each environment keeps the server's kill-switch state;
 * - `percent`: each rule that exists on the server (same id and kind) keeps the server's percentage;
 * - `serve-me`: the server's `serve-me` rule is kept (in the file's place for it, else first).
 * A flag new to the server, or an environment new to the flag, takes the file's values.
 */
export function withServerOwnedFields(
  desired: Flag,
  current: Flag | undefined,
  owned: readonly ServerOwnedField[],
): Flag {
  if (current === undefined || owned.length === 0) return desired;
  const environments: Record<string, FlagEnvironment> = {};
  for (const [name, wanted] of Object.entries(desired.environments ?? {})) {
    const live = current.environments?.[name];
    environments[name] = live === undefined ? wanted : mergeEnvironment(wanted, live, owned);
  }
  return desired.environments === undefined ? desired : { ...desired, environments };
}

function mergeEnvironment(
  wanted: FlagEnvironment,
  live: FlagEnvironment,
  owned: readonly ServerOwnedField[],
): FlagEnvironment {
  let rules = wanted.rules ?? [];
  if (owned.includes("percent")) rules = rules.map((rule) => withLivePercent(rule, live.rules ?? []));
  if (owned.includes(SERVE_ME)) rules = withLiveServeMe(rules, live.rules ?? []);
  const merged: FlagEnvironment = { ...wanted, rules };
  if (owned.includes("enabled") && live.enabled !== undefined) merged.enabled = live.enabled;
  return merged;
}

function withLivePercent(rule: Rule, liveRules: readonly Rule[]): Rule {
  if (rule.kind === "experiment") return rule;
  const live = liveRules.find((r) => r.id === rule.id && r.kind === rule.kind);
  if (live === undefined || live.kind === "experiment") return rule;
  if (live.percent !== undefined) return { ...rule, percent: live.percent };
  // Only a force rule can lack a percentage: the server serves it to everyone matching, so the file's share goes too.
  const { percent: _fileShare, ...everyone } = rule;
  return everyone as Rule;
}

function withLiveServeMe(rules: readonly Rule[], liveRules: readonly Rule[]): Rule[] {
  const live = liveRules.find((r) => r.id === SERVE_ME);
  const at = rules.findIndex((r) => r.id === SERVE_ME);
  if (live === undefined) return at === -1 ? [...rules] : rules.filter((r) => r.id !== SERVE_ME);
  if (at === -1) return [live, ...rules];
  return rules.map((r, i) => (i === at ? live : r));
}

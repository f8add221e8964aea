import type { Flag } from "@switchboard/core";

/** The experiments a flag runs: the keys of its experiment rules, in `env` first, then in its other environments. */
export function experimentKeysOf(flag: Flag, env: string): string[] {
  const environments = flag.environments ?? {};
  const order = [env, ...Object.keys(environments).filter((name) => name !== env)];
  const keys = order.flatMap((name) =>
    (environments[name]?.rules ?? []).flatMap((rule) => (rule.kind === "experiment" ? [rule.key] : [])),
  );
  return [...new Set(keys)];
}

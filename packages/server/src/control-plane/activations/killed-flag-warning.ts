import type { Flag } from "@switchboard/core";

/**
 * The warnings of a change to the rules of a flag: a rule changed while the flag is killed in that environment is
 * saved but serves nobody, which a 200 alone would hide.
 */
export function rulesChangeWarnings(key: string, flag: Flag, environment: string): string[] {
  if (flag.environments?.[environment]?.enabled !== false) return [];
  const enable = `/api/v1/flags/${encodeURIComponent(key)}/environments/${encodeURIComponent(environment)}/enable`;
  return [
    `Flag "${key}" is killed in ${environment}, so this change serves nobody until it is enabled: POST ${enable}.`,
  ];
}

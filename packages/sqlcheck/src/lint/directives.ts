import type { ColumnUsage, FlagRolloutState, LiveCodeFlag } from "../rules/live-code-index.js";
import type { TableFacts } from "../schema/known-schema.js";
import type { SplitComment } from "../split/split-statements.js";

/** `-- switchboard-ignore <rule-id>[, <rule-id>]: <reason>` */
export interface Suppression {
  readonly line: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
}

/** What the comments of a file tell the linter, besides the SQL. */
export interface FileDirectives {
  readonly suppressions: readonly Suppression[];
  readonly tables: ReadonlyMap<string, TableFacts>;
  readonly usage: readonly ColumnUsage[];
  readonly flags: readonly LiveCodeFlag[];
  readonly inTransaction: boolean;
}

const flagStates: readonly string[] = ["off", "partial", "on"];

/**
 * Reads the directives out of a file's comments. These are words in comments, not SQL, so a pattern per directive
 * is the right tool here.
 */
export function readDirectives(comments: readonly SplitComment[]): FileDirectives {
  const suppressions: Suppression[] = [];
  const tables = new Map<string, TableFacts>();
  const usage: ColumnUsage[] = [];
  const flags: LiveCodeFlag[] = [];
  let inTransaction = false;
  for (const comment of comments) {
    for (const rawLine of comment.text.split("\n")) {
      const line = rawLine.trim().replace(/^\*\s*/, "");
      const ignore = /^switchboard-ignore\s+([\w\-, ]+?)\s*(?::\s*(.*))?$/.exec(line);
      if (ignore) {
        suppressions.push({
          line: comment.line,
          ruleIds: (ignore[1] ?? "").split(/[\s,]+/).filter(Boolean),
          reason: (ignore[2] ?? "").trim(),
        });
        continue;
      }
      const table = /^switchboard-table\s+(\S+)(.*)$/.exec(line);
      if (table) {
        tables.set((table[1] ?? "").toLowerCase(), tableFacts(table[2] ?? ""));
        continue;
      }
      const use = /^switchboard-usage\s+(\S+)\s+(\S+?):(\d+)(.*)$/.exec(line);
      if (use) {
        const [tableName, column] = (use[1] ?? "").split(".", 2);
        const options = keyValues(use[4] ?? "");
        const flag = options.get("flag");
        const when = options.get("when");
        usage.push({
          table: tableName ?? "",
          ...(column ? { column } : {}),
          file: use[2] ?? "",
          line: Number(use[3]),
          ...(flag ? { flag } : {}),
          ...(when === "off" || when === "on" || when === "any" ? { when } : {}),
        });
        const state = options.get("state");
        if (flag && state) flags.push({ key: flag, environments: environmentStates(state) });
        continue;
      }
      if (/^switchboard:\s*in-transaction\b/.test(line)) inTransaction = true;
    }
  }
  return { suppressions, tables, usage, flags, inTransaction };
}

function keyValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.trim().split(/\s+/)) {
    const [key, value] = part.split("=", 2);
    if (key && value !== undefined) map.set(key.toLowerCase(), value);
  }
  return map;
}

function tableFacts(text: string): TableFacts {
  const values = keyValues(text);
  const bool = (key: string) => {
    const value = values.get(key);
    return value === undefined ? undefined : value === "1" || value === "true" || value === "yes";
  };
  const rows = Number(values.get("rows"));
  const primaryKey = bool("primary-key");
  const foreignKeys = bool("foreign-keys");
  const triggers = bool("triggers");
  return {
    ...(Number.isFinite(rows) ? { rows } : {}),
    ...(primaryKey !== undefined ? { primaryKey } : {}),
    ...(foreignKeys !== undefined ? { foreignKeys } : {}),
    ...(triggers !== undefined ? { triggers } : {}),
  };
}

function environmentStates(text: string): Record<string, FlagRolloutState> {
  const states: Record<string, FlagRolloutState> = {};
  for (const pair of text.split(",")) {
    const [environment, state] = pair.split(":", 2);
    if (environment && state && flagStates.includes(state)) states[environment] = state as FlagRolloutState;
  }
  return states;
}

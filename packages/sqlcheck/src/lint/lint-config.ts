import { ruleById } from "../rules/catalogue.js";
import type { LiveCodeInput } from "../rules/live-code-index.js";
import type { Severity } from "../rules/rule.js";
import type { TableFacts } from "../schema/known-schema.js";

/** The config file (`sqlcheck.json`): rule severities, table facts and thresholds. Every field is optional. */
export interface LintConfig {
  /** Severity per rule id, or "off". */
  readonly rules?: Readonly<Record<string, Severity | "off">>;
  /** Rows above which a non-instant MySQL ALTER gets the gh-ost / pt-online-schema-change hand-off. */
  readonly largeTableRows?: number;
  readonly maxIndexColumns?: number;
  /** Column-name words that mean money (replaces the built-in list). */
  readonly moneyWords?: readonly string[];
  readonly tables?: Readonly<Record<string, TableFacts>>;
  readonly osc?: { readonly database?: string; readonly host?: string };
  readonly liveCode?: LiveCodeInput;
}

export class LintConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid config: ${problems.join("; ")}`);
  }
}

const severities = ["error", "warning", "info", "off"];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks a parsed config file; every problem is named with its path, all at once. */
export function parseLintConfig(value: unknown): LintConfig {
  const problems: string[] = [];
  if (!isRecord(value)) throw new LintConfigError(["the config must be a JSON object"]);
  const known = ["rules", "largeTableRows", "maxIndexColumns", "moneyWords", "tables", "osc", "liveCode", "$schema"];
  for (const key of Object.keys(value))
    if (!known.includes(key)) problems.push(`${key}: unknown setting (known: ${known.slice(0, -1).join(", ")})`);
  const rules = value["rules"];
  if (rules !== undefined) {
    if (!isRecord(rules)) problems.push("rules: must be an object of rule id → severity");
    else
      for (const [id, severity] of Object.entries(rules)) {
        if (!ruleById(id)) problems.push(`rules.${id}: no such rule`);
        if (typeof severity !== "string" || !severities.includes(severity))
          problems.push(`rules.${id}: must be one of ${severities.join(", ")}`);
      }
  }
  for (const key of ["largeTableRows", "maxIndexColumns"]) {
    const number = value[key];
    if (number !== undefined && (typeof number !== "number" || !Number.isFinite(number) || number < 0))
      problems.push(`${key}: must be a non-negative number`);
  }
  const moneyWords = value["moneyWords"];
  if (moneyWords !== undefined && (!Array.isArray(moneyWords) || !moneyWords.every((w) => typeof w === "string")))
    problems.push("moneyWords: must be a list of words");
  const tables = value["tables"];
  if (tables !== undefined && !isRecord(tables))
    problems.push("tables: must be an object of table name → { rows, primaryKey, foreignKeys, triggers }");
  if (isRecord(tables))
    for (const [name, facts] of Object.entries(tables)) {
      if (!isRecord(facts)) problems.push(`tables.${name}: must be an object`);
      else if (facts["rows"] !== undefined && typeof facts["rows"] !== "number")
        problems.push(`tables.${name}.rows: must be a number`);
    }
  const liveCode = value["liveCode"];
  if (liveCode !== undefined && !isRecord(liveCode))
    problems.push("liveCode: must be an object with flags, codeReferences and columnUsage");
  if (problems.length > 0) throw new LintConfigError(problems);
  return value as LintConfig;
}

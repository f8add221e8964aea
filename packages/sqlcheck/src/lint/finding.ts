import type { ParserName } from "../parse/parse-statement.js";
import type { OnlineSchemaChange, RuleCategory, Severity } from "../rules/rule.js";

/** One problem, where it is, and what to do about it. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly category: RuleCategory;
  readonly message: string;
  readonly advice: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly statementIndex?: number;
  readonly onlineSchemaChange?: OnlineSchemaChange;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

/** Every statement of a file: whether it was understood, and what was found in it. */
export interface StatementReport {
  readonly index: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly parsed: boolean;
  readonly parser?: ParserName;
  /** What the statement does, `alter-table`, `create-index` … */
  readonly kinds: readonly string[];
  readonly findings: readonly Finding[];
}

export interface FileReport {
  readonly file: string;
  /** Why the file could not be read at all (binary, too large); then it has no statements. */
  readonly error?: string;
  readonly statements: readonly StatementReport[];
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

export interface LintSummary {
  readonly files: number;
  readonly statements: number;
  readonly parsed: number;
  readonly unparsed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly unreadableFiles: number;
}

export interface LintReport {
  readonly dialect: string;
  readonly version: string;
  readonly files: readonly FileReport[];
  readonly summary: LintSummary;
}

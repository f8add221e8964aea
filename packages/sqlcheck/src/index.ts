export * from "./lint/finding.js";
export { type LintConfig, LintConfigError, parseLintConfig } from "./lint/lint-config.js";
export { defaultMaxFileBytes, type LintFile, type LintInput, lintSql, lintSqlLoaded } from "./lint/lint-sql.js";
export * from "./model/change.js";
export * from "./model/dialect.js";
export { loadParsers, type ParseOutcome, type ParserName, parseStatement } from "./parse/parse-statement.js";
export { formatSarif } from "./report/format-sarif.js";
export { formatText } from "./report/format-text.js";
export { ruleById, rules } from "./rules/catalogue.js";
export type {
  ColumnUsage,
  FlagCodeReference,
  FlagRolloutState,
  LiveCodeFlag,
  LiveCodeInput,
} from "./rules/live-code-index.js";
export type { OnlineSchemaChange, Rule, RuleCategory, RuleExample, Severity } from "./rules/rule.js";
export { LineIndex, type SplitStatement, splitStatements } from "./split/split-statements.js";

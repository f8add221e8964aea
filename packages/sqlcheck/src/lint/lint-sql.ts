import { type Change, isDdl } from "../model/change.js";
import { type Dialect, defaultVersions, familyOf, formatVersion, type ServerVersion } from "../model/dialect.js";
import { loadParsers, type ParseOutcome, parseStatements } from "../parse/parse-statement.js";
import { ruleById, rules } from "../rules/catalogue.js";
import { LiveCodeIndex, type LiveCodeInput } from "../rules/live-code-index.js";
import { psqlMetaCommand, suppressionWithoutReason, unparsedStatement } from "../rules/meta-rules.js";
import type { FileFacts, LintOptions, Rule, RuleContext, Severity } from "../rules/rule.js";
import { KnownSchema, type TableFacts } from "../schema/known-schema.js";
import { type PsqlMetaCommand, psqlMetaCommandNote } from "../split/psql-meta-command.js";
import { LineIndex, type SplitStatement, splitStatements } from "../split/split-statements.js";
import { type FileDirectives, readDirectives } from "./directives.js";
import type { FileReport, Finding, LintReport, StatementReport, SuppressedFinding } from "./finding.js";
import type { LintConfig } from "./lint-config.js";

export interface LintFile {
  readonly name: string;
  /** Text, or bytes (checked for binary content and decoded as UTF-8). */
  readonly content: string | Uint8Array;
}

export interface LintInput {
  readonly files: readonly LintFile[];
  readonly dialect: Dialect;
  readonly version?: ServerVersion;
  readonly config?: LintConfig;
  /** The migration tool runs each file inside a transaction. */
  readonly inTransaction?: boolean;
  /** Bytes above which a file is refused, default 8 MiB. */
  readonly maxFileBytes?: number;
}

export const defaultMaxFileBytes = 8 * 1024 * 1024;

/** Lints migration files in order (a table created in an earlier file is known to later ones). */
export async function lintSql(input: LintInput): Promise<LintReport> {
  await loadParsers();
  return lintSqlLoaded(input);
}

/** `lintSql` for callers that have awaited `loadParsers()` already (benchmarks, hot loops). */
export function lintSqlLoaded(input: LintInput): LintReport {
  const version = input.version ?? defaultVersions[input.dialect];
  const schema = new KnownSchema();
  const files = input.files.map((file) => lintFile(file, input, version, schema));
  return { dialect: input.dialect, version: formatVersion(version), files, summary: summarize(files) };
}

function decode(file: LintFile, maxBytes: number): { text: string } | { error: string } {
  const { content } = file;
  const size = typeof content === "string" ? content.length : content.byteLength;
  if (size > maxBytes)
    return {
      error: `${file.name} is ${(size / 1048576).toFixed(1)} MiB; the limit is ${(maxBytes / 1048576).toFixed(1)} MiB (split the file or raise --max-file-mb)`,
    };
  if (typeof content === "string")
    return content.includes("\u0000")
      ? { error: `${file.name} is binary (it contains NUL bytes), not SQL text` }
      : { text: content };
  const bytes = content;
  if (bytes.includes(0)) return { error: `${file.name} is binary (it contains NUL bytes), not SQL text` };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "") };
  } catch {
    return { error: `${file.name} is not valid UTF-8 text` };
  }
}

interface Parsed {
  readonly statement: SplitStatement;
  readonly outcome: ParseOutcome;
}

function lintFile(file: LintFile, input: LintInput, version: ServerVersion, schema: KnownSchema): FileReport {
  const decoded = decode(file, input.maxFileBytes ?? defaultMaxFileBytes);
  if ("error" in decoded)
    return { file: file.name, error: decoded.error, statements: [], findings: [], suppressed: [] };
  const family = familyOf(input.dialect);
  const split = splitStatements(decoded.text, family);
  const directives = readDirectives(split.comments);
  const lines = new LineIndex(decoded.text);
  const outcomes = parseStatements(
    split.statements.map((s) => s.text),
    input.dialect,
  );
  const parsed: Parsed[] = split.statements.map((statement, i) => ({
    statement,
    outcome: outcomes[i] as ParseOutcome,
  }));
  const changes = parsed.flatMap((p) => (p.outcome.parsed ? p.outcome.changes : []));
  const liveCode = liveCodeFor(input.config?.liveCode, directives);
  const options = optionsOf(input, directives);
  const tableFacts = (table: string): TableFacts | undefined => {
    const key = table.replace(/[`"]/g, "").toLowerCase();
    return (
      directives.tables.get(key) ??
      directives.tables.get(key.split(".").at(-1) ?? "") ??
      input.config?.tables?.[table] ??
      input.config?.tables?.[key.split(".").at(-1) ?? ""]
    );
  };
  const state = {
    lockTimeoutSet: false,
    explicitTransaction: false,
    createdHere: new Set<string>(),
    validatedTables: new Set<string>(),
    ddlBefore: 0,
    ddlTotal: changes.filter(isDdl).length,
    dataTotal: changes.filter((c) => c.kind === "data").length,
  };
  const statements: StatementReport[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const usedSuppressions = suppressionFindings(file.name, directives, lines, decoded.text, findings, input.config);
  findings.push(...metaCommandFindings(file.name, split.metaCommands, usedSuppressions, suppressed, input.config));
  for (const [index, { statement, outcome }] of parsed.entries()) {
    const raw: Finding[] = [];
    if (!outcome.parsed) raw.push(unparsedFinding(file.name, statement, outcome, lines));
    else
      for (const change of outcome.changes) {
        const facts: FileFacts = { ...state, inTransaction: options.inTransaction || state.explicitTransaction };
        const context: RuleContext = {
          dialect: input.dialect,
          family,
          version,
          change,
          sql: statement.text,
          schema,
          file: facts,
          options,
          liveCode,
          tableFacts,
        };
        raw.push(...runRules(context, file.name, statement, index));
        advance(state, change);
        schema.apply(change);
      }
    const kept: Finding[] = [];
    for (const finding of raw) {
      const severity = severityOf(finding.ruleId, input.config);
      if (severity === "off") continue;
      const adjusted = { ...finding, severity, statementIndex: index };
      const suppression = usedSuppressions.find(
        (s) => s.ruleIds.includes(finding.ruleId) && appliesTo(s.line, statement, parsed[index - 1]?.statement),
      );
      if (suppression) suppressed.push({ ...adjusted, reason: suppression.reason });
      else kept.push(adjusted);
    }
    findings.push(...kept);
    statements.push({
      index,
      line: statement.line,
      column: statement.column,
      endLine: statement.endLine,
      parsed: outcome.parsed,
      ...(outcome.parsed ? { parser: outcome.parser } : {}),
      kinds: outcome.parsed ? outcome.changes.map((c) => c.kind) : [],
      findings: kept,
    });
  }
  // File-level findings (suppressions, meta-commands) were collected first: put every finding in line order.
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file: file.name, statements, findings, suppressed };
}

/** One finding per line of psql meta-commands, unless the rule is off or a suppression on or above it says why. */
function metaCommandFindings(
  file: string,
  metaCommands: readonly PsqlMetaCommand[],
  suppressions: readonly { line: number; ruleIds: readonly string[]; reason: string }[],
  suppressed: SuppressedFinding[],
  config: LintConfig | undefined,
): Finding[] {
  const severity = severityOf(psqlMetaCommand.id, config);
  if (severity === "off") return [];
  return metaCommands
    .map((meta) => {
      const note = psqlMetaCommandNote(meta.commands);
      const shown = meta.text.length > 80 ? `${meta.text.slice(0, 77)}...` : meta.text;
      const message = `psql meta-command${meta.commands.length > 1 ? "s" : ""} ${meta.commands.join(", ")} (\`${shown}\`): run by psql, not SQL; not checked${note ? `; ${note}` : ""}.`;
      return { ...finding(psqlMetaCommand, file, meta.line, meta.column, message), severity };
    })
    .filter((found) => {
      const suppression = suppressions.find(
        (s) => s.ruleIds.includes(psqlMetaCommand.id) && (s.line === found.line || s.line === found.line - 1),
      );
      if (suppression) suppressed.push({ ...found, reason: suppression.reason });
      return !suppression;
    });
}

function optionsOf(input: LintInput, directives: FileDirectives): LintOptions {
  const config = input.config ?? {};
  return {
    largeTableRows: config.largeTableRows ?? 1_000_000,
    maxIndexColumns: config.maxIndexColumns ?? 5,
    moneyWords: config.moneyWords ?? [],
    osc: config.osc ?? {},
    inTransaction: (input.inTransaction ?? false) || directives.inTransaction,
  };
}

function liveCodeFor(fromConfig: LiveCodeInput | undefined, directives: FileDirectives): LiveCodeIndex {
  return new LiveCodeIndex({
    flags: [...(fromConfig?.flags ?? []), ...directives.flags],
    codeReferences: fromConfig?.codeReferences ?? [],
    columnUsage: [...(fromConfig?.columnUsage ?? []), ...directives.usage],
  });
}

function advance(
  state: {
    lockTimeoutSet: boolean;
    explicitTransaction: boolean;
    createdHere: Set<string>;
    validatedTables: Set<string>;
    ddlBefore: number;
  },
  change: Change,
): void {
  if (change.kind === "set" && (change.name === "lock_timeout" || change.name.endsWith("lock_wait_timeout")))
    state.lockTimeoutSet = true;
  if (change.kind === "transaction") state.explicitTransaction = change.op === "begin";
  if (change.kind === "create-table") state.createdHere.add(change.table.replace(/[`"]/g, "").toLowerCase());
  if (change.kind === "alter-table" && change.actions.some((a) => a.kind === "validate-constraint"))
    state.validatedTables.add(change.table.toLowerCase());
  if (isDdl(change)) state.ddlBefore++;
}

function runRules(context: RuleContext, file: string, statement: SplitStatement, index: number): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!rule.dialects.includes(context.dialect)) continue;
    for (const found of rule.check(context)) {
      findings.push({
        ruleId: rule.id,
        severity: rule.defaultSeverity,
        category: rule.category,
        message: found.message,
        advice: rule.advice,
        file,
        line: statement.line,
        column: statement.column,
        statementIndex: index,
        ...(found.onlineSchemaChange ? { onlineSchemaChange: found.onlineSchemaChange } : {}),
      });
    }
  }
  return findings;
}

function unparsedFinding(
  file: string,
  statement: SplitStatement,
  outcome: Extract<ParseOutcome, { parsed: false }>,
  lines: LineIndex,
): Finding {
  let line = statement.line;
  let column = statement.column;
  // libpg-query reports a 1-based character offset into the statement; sqlparser-rs a line and column in the message.
  if (outcome.offset !== undefined && outcome.offset > 0)
    ({ line, column } = lines.position(statement.offset + outcome.offset - 1));
  else {
    const at = /Line: (\d+), Column: (\d+)/.exec(outcome.message);
    if (at) {
      line = statement.line + Number(at[1]) - 1;
      column = Number(at[1]) === 1 ? statement.column + Number(at[2]) - 1 : Number(at[2]);
    }
  }
  return finding(unparsedStatement, file, line, column, `Not understood by the parsers: ${outcome.message}`);
}

function finding(rule: Rule, file: string, line: number, column: number, message: string): Finding {
  return {
    ruleId: rule.id,
    severity: rule.defaultSeverity,
    category: rule.category,
    message,
    advice: rule.advice,
    file,
    line,
    column,
  };
}

/** Checks the suppressions themselves; returns the ones that count. */
function suppressionFindings(
  file: string,
  directives: FileDirectives,
  _lines: LineIndex,
  _text: string,
  findings: Finding[],
  config: LintConfig | undefined,
) {
  const valid = [];
  for (const suppression of directives.suppressions) {
    const unknown = suppression.ruleIds.filter((id) => !ruleById(id));
    const problem =
      unknown.length > 0
        ? `unknown rule ${unknown.join(", ")}`
        : suppression.reason.length === 0
          ? "no reason given"
          : undefined;
    if (problem) {
      if (severityOf(suppressionWithoutReason.id, config) !== "off")
        findings.push({
          ...finding(
            suppressionWithoutReason,
            file,
            suppression.line,
            1,
            `switchboard-ignore ${suppression.ruleIds.join(", ")}: ${problem}; nothing is suppressed.`,
          ),
          severity: severityOf(suppressionWithoutReason.id, config) as Severity,
        });
    } else valid.push(suppression);
  }
  return valid;
}

/** A suppression covers the statement on its line, or else the next statement after it. */
function appliesTo(line: number, statement: SplitStatement, previous: SplitStatement | undefined): boolean {
  if (line >= statement.line && line <= statement.endLine) return true;
  return line < statement.line && (!previous || line > previous.endLine);
}

function severityOf(ruleId: string, config: LintConfig | undefined): Severity | "off" {
  return config?.rules?.[ruleId] ?? ruleById(ruleId)?.defaultSeverity ?? "warning";
}

function summarize(files: readonly FileReport[]): LintReport["summary"] {
  const statements = files.flatMap((f) => f.statements);
  const findings = files.flatMap((f) => f.findings);
  return {
    files: files.length,
    statements: statements.length,
    parsed: statements.filter((s) => s.parsed).length,
    unparsed: statements.filter((s) => !s.parsed).length,
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    infos: findings.filter((f) => f.severity === "info").length,
    unreadableFiles: files.filter((f) => f.error).length,
  };
}

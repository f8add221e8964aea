import { readFile, stat } from "node:fs/promises";
import {
  type ColumnUsage,
  type Dialect,
  dialects,
  formatSarif,
  formatText,
  isDialect,
  type LintConfig,
  LintConfigError,
  type LiveCodeFlag,
  type LiveCodeInput,
  lintSql,
  parseLintConfig,
  parseServerVersion,
} from "@switchboard/sqlcheck";
import { Command } from "commander";
import { CliError, invalidInput, usageError } from "../cli-error.js";
import { CLI_VERSION } from "../version.js";

const formats = ["text", "json", "sarif"] as const;

/** `switchboard lint-sql FILES…`: reviews migrations; exit 1 when a finding is an error. */
export function lintSqlCommand(): Command {
  return new Command("lint-sql")
    .description(
      "review SQL migrations for MySQL, MariaDB or PostgreSQL: compatibility, locking, online schema change, design, hygiene",
    )
    .argument("[files...]", "migration files, linted in the order given")
    .option("--dialect <dialect>", `one of ${dialects.join(", ")}`)
    .option("--version <version>", "server version, e.g. 16, 8.0.35, 10.11 (default: a current release)")
    .option("--format <format>", `${formats.join(", ")} (default text)`, "text")
    .option("--json", "same as --format json")
    .option("--in-transaction", "the migration tool runs each file in a transaction")
    .option("--config <file>", "JSON config: rule severities, table sizes, osc settings, liveCode")
    .option("--usage <file>", "live-code input: JSON { flags, codeReferences, columnUsage } or a listing file")
    .option("--max-file-mb <n>", "refuse files larger than this (default 8)")
    .addHelpText(
      "after",
      `
Examples:
  switchboard lint-sql db/migrate/*.sql --dialect postgres --version 15 --in-transaction
  switchboard lint-sql migrations/0042_orders.sql --dialect mysql --version 8.0.35 --format sarif > sqlcheck.sarif

Rules and suppressions (-- switchboard-ignore <rule-id>: <reason>): docs/sqlcheck-rules.md
Exit codes: 0 no errors, 1 error findings or unreadable files, 2 usage error.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const dialect = dialectOf(options["dialect"]);
      const format = options["json"] === true ? "json" : String(options["format"]);
      if (!(formats as readonly string[]).includes(format))
        throw usageError(`--format must be one of ${formats.join(", ")}, not "${format}"`);
      if (files.length === 0) throw usageError("no files given: pass one or more migration files");
      const version = versionOf(options["version"]);
      const maxFileBytes = Math.round(Number(options["maxFileMb"] ?? 8) * 1024 * 1024);
      if (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0)
        throw usageError("--max-file-mb must be a positive number");
      const config = await configOf(options["config"], options["usage"]);
      const inputs = await Promise.all(files.map((name) => readInput(name, maxFileBytes)));
      const report = await lintSql({
        files: inputs,
        dialect,
        ...(version ? { version } : {}),
        config,
        inTransaction: options["inTransaction"] === true,
        maxFileBytes,
      });
      const output =
        format === "json"
          ? JSON.stringify(report, null, 2)
          : format === "sarif"
            ? JSON.stringify(formatSarif(report, CLI_VERSION), null, 2)
            : formatText(report).trimEnd();
      process.stdout.write(`${output}\n`);
      for (const file of report.files) if (file.error) process.stderr.write(`error: ${file.error}\n`);
      if (report.summary.errors > 0 || report.summary.unreadableFiles > 0)
        throw new CliError(
          "FAILURE",
          `${report.summary.errors} error finding(s)${report.summary.unreadableFiles ? `, ${report.summary.unreadableFiles} unreadable file(s)` : ""}`,
        );
    });
}

function dialectOf(value: unknown): Dialect {
  if (value === undefined) throw usageError(`--dialect is required: one of ${dialects.join(", ")}`);
  const text = String(value).toLowerCase();
  if (text === "postgresql" || text === "pg") return "postgres";
  if (!isDialect(text)) throw usageError(`unknown dialect "${String(value)}": use one of ${dialects.join(", ")}`);
  return text;
}

function versionOf(value: unknown) {
  if (value === undefined) return undefined;
  const version = parseServerVersion(String(value));
  if (!version) throw usageError(`--version "${String(value)}" is not a version like 16, 8.0.35 or 10.11`);
  return version;
}

async function readInput(name: string, maxFileBytes: number): Promise<{ name: string; content: Uint8Array | string }> {
  try {
    const info = await stat(name);
    if (!info.isFile()) throw usageError(`${name} is not a file`);
    // Too large: let the linter name the limit without reading the whole file into memory.
    if (info.size > maxFileBytes) return { name, content: new Uint8Array(info.size) };
    return { name, content: new Uint8Array(await readFile(name)) };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(
      `cannot read ${name}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error)}`,
    );
  }
}

async function configOf(configPath: unknown, usagePath: unknown): Promise<LintConfig> {
  let config: LintConfig = {};
  if (typeof configPath === "string") {
    const text = await readText(configPath, "--config");
    try {
      config = parseLintConfig(JSON.parse(text));
    } catch (error) {
      if (error instanceof LintConfigError) throw invalidInput(`${configPath}: ${error.message}`);
      throw invalidInput(`${configPath}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (typeof usagePath === "string")
    config = { ...config, liveCode: parseUsage(await readText(usagePath, "--usage"), usagePath) };
  return config;
}

async function readText(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw usageError(`${option}: cannot read ${path}`);
  }
}

/**
 * The live-code input: JSON `{ flags, codeReferences, columnUsage }`, or a listing with one entry a line:
 * `flag <key> <env>:<off|partial|on>[,…]` and `<table>[.<column>] <file>:<line> [flag=<key>] [when=off|on|any]`.
 */
export function parseUsage(text: string, path: string): LiveCodeInput {
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text) as LiveCodeInput;
    } catch (error) {
      throw invalidInput(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const flags: LiveCodeFlag[] = [];
  const columnUsage: ColumnUsage[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const parts = line.split(/\s+/);
    if (parts[0] === "flag" && parts[1] && parts[2]) {
      const environments = Object.fromEntries(
        parts[2].split(",").map((pair) => pair.split(":", 2) as [string, string]),
      );
      flags.push({ key: parts[1], environments: environments as LiveCodeFlag["environments"] });
      continue;
    }
    const location = /^(.+):(\d+)$/.exec(parts[1] ?? "");
    if (!parts[0] || !location)
      throw invalidInput(
        `${path}:${index + 1}: expected "<table>[.<column>] <file>:<line> [flag=<key>]" or "flag <key> <env>:<state>"`,
      );
    const [table, column] = parts[0].split(".", 2);
    const options = Object.fromEntries(parts.slice(2).map((p) => p.split("=", 2) as [string, string]));
    const when = options["when"];
    columnUsage.push({
      table: table ?? "",
      ...(column ? { column } : {}),
      file: location[1] ?? "",
      line: Number(location[2]),
      ...(options["flag"] ? { flag: options["flag"] } : {}),
      ...(when === "off" || when === "on" || when === "any" ? { when } : {}),
    });
  }
  return { flags, columnUsage };
}

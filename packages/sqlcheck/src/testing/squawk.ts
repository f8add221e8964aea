import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

// squawk (https://squawkhq.com), the established PostgreSQL migration linter, run as a reference for sqlcheck's
// PostgreSQL rules. It is a pinned dev dependency: `squawk-cli` takes its binary from the npm registry as an optional
// platform package (`@squawk-cli/linux-x64` …), so `npm ci` installs it with no other download.

/** One squawk result, with 1-based line and column (squawk's JSON reporter counts from 0). */
export interface SquawkViolation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly message: string;
}

export interface SquawkOptions {
  /** `--pg-version`, e.g. "16.0". */
  readonly pgVersion: string;
  /** `--assume-in-transaction`: a migration tool wraps each file in a transaction. */
  readonly assumeInTransaction?: boolean;
}

/** The JSON reporter's shape, as far as it is read here. */
interface RawViolation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule_name: string;
  readonly message: string;
}

const missingSquawk =
  "squawk is not installed: it is a dev dependency of this repository (squawk-cli 2.66.0 with its platform package " +
  "@squawk-cli/<os>-<arch>); run `npm ci` at the repository root";

/** The platform binary, found the way `npx squawk` finds it; throws naming `npm ci` when it is not installed. */
export function squawkBinary(): string {
  const require = createRequire(import.meta.url);
  let wrapper: { getBinaryPath(): string };
  try {
    wrapper = require("squawk-cli/js/index.js") as { getBinaryPath(): string };
  } catch (error) {
    throw new Error(`${missingSquawk} (${(error as Error).message.split("\n")[0]})`);
  }
  try {
    return wrapper.getBinaryPath();
  } catch (error) {
    throw new Error(`${missingSquawk} (${(error as Error).message.split("\n")[0]})`);
  }
}

/** `squawk --version`, e.g. "2.66.0". */
export function squawkVersion(): string {
  const run = spawnSync(squawkBinary(), ["--version"], { encoding: "utf8" });
  if (run.error) throw new Error(`${missingSquawk} (${run.error.message})`);
  return run.stdout.trim().replace(/^squawk\s+/, "");
}

/**
 * Runs squawk once over all `paths` with its JSON reporter. Exit status 1 only means "violations found"; anything
 * that is not a JSON array on stdout is a failure to run, reported with squawk's stderr.
 */
export function runSquawk(paths: readonly string[], options: SquawkOptions): SquawkViolation[] {
  if (paths.length === 0) return [];
  const args = [
    "--reporter",
    "json",
    `--pg-version=${options.pgVersion}`,
    ...(options.assumeInTransaction ? ["--assume-in-transaction"] : []),
    ...paths,
  ];
  const run = spawnSync(squawkBinary(), args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`${missingSquawk} (${run.error.message})`);
  let raw: unknown;
  try {
    raw = JSON.parse(run.stdout);
  } catch {
    throw new Error(`squawk (exit ${run.status}) did not print a JSON report: ${run.stderr.slice(0, 2000)}`);
  }
  if (!Array.isArray(raw))
    throw new Error(`squawk's JSON report is not an array: ${run.stdout.slice(0, 200)} ${run.stderr.slice(0, 2000)}`);
  return (raw as RawViolation[]).map((v) => ({
    file: v.file,
    line: v.line + 1,
    column: v.column + 1,
    rule: v.rule_name,
    message: v.message,
  }));
}

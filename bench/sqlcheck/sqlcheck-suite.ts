import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Dialect, type LintFile, lintSqlLoaded, loadParsers, rules } from "@switchboard/sqlcheck";
import {
  mariadbSystemFiles,
  postgresExtensionFiles,
  sqlFiles,
} from "../../packages/sqlcheck/src/testing/installed-sql.js";
import type { BenchSuite, Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";

// The mixed corpus: the real SQL installed on the machine (PostgreSQL's contrib extension scripts, MariaDB's system
// scripts; see installed-sql.ts), migrations in SQLCHECK_CORPUS_DIR (`postgres/` and `mysql/`) when set, and every
// rule example. One core: the linter is synchronous once the parsers are loaded, and this loop runs on the main
// thread only.
const corpusDir = process.env["SQLCHECK_CORPUS_DIR"];
const RUNS = Number(process.env["SQLCHECK_BENCH_RUNS"] ?? 5);
const MIN_STATEMENTS = Number(process.env["SQLCHECK_BENCH_STATEMENTS"] ?? 20_000);

function corpusFiles(family: "postgres" | "mysql"): LintFile[] {
  const installed = family === "postgres" ? postgresExtensionFiles() : mariadbSystemFiles();
  const added = corpusDir === undefined ? [] : sqlFiles(join(corpusDir, family));
  const files = [...installed, ...added].map((path) => ({ name: path, content: readFileSync(path, "utf8") }));
  const examples = rules.flatMap((rule) => {
    const example = rule.examples[family];
    return example
      ? [{ name: `${rule.id}.sql`, content: `${example.setup ?? ""}\n${example.bad}\n${example.good}\n` }]
      : [];
  });
  return [...files, ...examples];
}

function runOnce(batches: readonly { dialect: Dialect; files: LintFile[] }[]): { statements: number; ms: number } {
  const started = performance.now();
  let statements = 0;
  while (statements < MIN_STATEMENTS) {
    for (const batch of batches) statements += lintSqlLoaded(batch).summary.statements;
  }
  return { statements, ms: performance.now() - started };
}

async function runStatements(reporter: Reporter): Promise<void> {
  await loadParsers();
  const batches = [
    { dialect: "postgres" as Dialect, files: corpusFiles("postgres") },
    { dialect: "mariadb" as Dialect, files: corpusFiles("mysql") },
  ];
  const sizes = batches.map((b) => `${b.dialect}: ${b.files.length} files`).join(", ");
  reporter.note(`mixed corpus (${sizes}), at least ${MIN_STATEMENTS} statements per run, ${RUNS} runs`);
  runOnce(batches); // warm-up: JIT and the parsers' first allocations
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { statements, ms } = runOnce(batches);
    samples.push((statements / ms) * 1000);
  }
  reporter.emit(measurementOf("sqlcheck.statements", "switchboard", "statements_per_s", samples));
}

export const sqlcheckSuite: BenchSuite = {
  prefix: "sqlcheck",
  benches: [
    {
      name: "sqlcheck.statements",
      description:
        "SQL migration linting: split, parse (libpg-query / sqlparser-rs) and every rule, statements per second on one core",
      run: runStatements,
    },
  ],
};

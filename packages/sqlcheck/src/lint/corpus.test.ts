import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Dialect } from "../model/dialect.js";
import {
  MARIADB_DIR,
  mariadbSystemFiles,
  POSTGRES_ROOT,
  postgresExtensionFiles,
  sqlFiles,
} from "../testing/installed-sql.js";
import type { LintReport } from "./finding.js";
import { lintSql } from "./lint-sql.js";

// The linter over real SQL that every development and CI machine already has, read in place (third-party files are
// never copied into the repository): the install and upgrade scripts of PostgreSQL's contrib extensions (DDL, with
// psql's `\echo … \quit` guard and `@extowner@`), and MariaDB's own system-table, sys-schema and help-table scripts
// (routines with and without DELIMITER, compound statements, MariaDB-only table options). SQLCHECK_CORPUS_DIR adds
// a directory of further migrations with `postgres/` and `mysql/` folders.

interface Corpus {
  readonly name: string;
  readonly dialect: Dialect;
  readonly paths: readonly string[];
}

const extra = process.env["SQLCHECK_CORPUS_DIR"];
const corpora: Corpus[] = [
  { name: "PostgreSQL contrib extension scripts", dialect: "postgres", paths: postgresExtensionFiles() },
  { name: "MariaDB system scripts", dialect: "mariadb", paths: mariadbSystemFiles() },
  ...(extra
    ? [
        { name: `${extra}/postgres`, dialect: "postgres" as Dialect, paths: sqlFiles(join(extra, "postgres")) },
        { name: `${extra}/mysql`, dialect: "mysql" as Dialect, paths: sqlFiles(join(extra, "mysql")) },
      ]
    : []),
];

const reports = new Map<string, Promise<LintReport>>();
const lintCorpus = (corpus: Corpus): Promise<LintReport> => {
  let report = reports.get(corpus.name);
  if (!report) {
    report = lintSql({
      dialect: corpus.dialect,
      files: corpus.paths.map((path) => ({ name: path, content: new Uint8Array(readFileSync(path)) })),
    });
    reports.set(corpus.name, report);
  }
  return report;
};

/** Every statement parsed or reported as not understood, at a line of its own statement. */
function unaccounted(report: LintReport): string[] {
  return report.files.flatMap((file) =>
    file.statements
      .filter(
        (s) =>
          !s.parsed &&
          !s.findings.some((f) => f.ruleId === "unparsed-statement" && f.line >= s.line && f.line <= s.endLine),
      )
      .map((s) => `${file.file}:${s.line}`),
  );
}

describe("the linter over real SQL installed on the machine", () => {
  test("the PostgreSQL and MariaDB script folders are there", () => {
    const missing = [
      postgresExtensionFiles().length === 0
        ? `${POSTGRES_ROOT}/*/extension/*.sql (Debian packages postgresql-15 and postgresql-contrib)`
        : [],
      sqlFiles(MARIADB_DIR).length === 0 ? `${MARIADB_DIR}/*.sql (Debian package mariadb-server-core)` : [],
    ].flat();
    expect(missing, `install the packages: apt-get install postgresql-contrib mariadb-server; missing`).toEqual([]);
  });

  test("at least 100 files are read, in both dialects", () => {
    const total = corpora.reduce((sum, corpus) => sum + corpus.paths.length, 0);
    expect(total).toBeGreaterThanOrEqual(100);
    expect(corpora.filter((c) => c.paths.length > 0).map((c) => c.dialect)).toEqual(
      expect.arrayContaining(["postgres", "mariadb"]),
    );
  });

  test.each(corpora.filter((corpus) => corpus.paths.length > 0))(
    "$name: no file fails, every statement is parsed or reported as unparsed-statement with its file and line",
    async (corpus) => {
      const report = await lintCorpus(corpus);
      expect(report.files.filter((f) => f.error).map((f) => `${f.file}: ${f.error}`)).toEqual([]);
      expect(unaccounted(report)).toEqual([]);
      expect(report.summary.statements).toBeGreaterThan(0);
    },
    120_000,
  );

  test("PostgreSQL's own extension scripts parse completely; psql meta-commands are findings, never statements", async () => {
    const corpus = corpora[0] as Corpus;
    if (corpus.paths.length === 0) return; // the first test has failed already, naming the packages
    const report = await lintCorpus(corpus);
    expect(report.summary.unparsed).toBe(0);
    const meta = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === "psql-meta-command"));
    // Every contrib script but plpgsql's starts with the `\echo … \quit` guard.
    expect(meta.length).toBeGreaterThanOrEqual(report.files.length - 5);
    for (const file of report.files) {
      const source = readFileSync(file.file, "utf8");
      const lines = source.split("\n");
      for (const statement of file.statements)
        expect(lines[statement.line - 1]?.slice(statement.column - 1, statement.column), file.file).not.toBe("\\");
    }
  }, 120_000);

  test("MariaDB's scripts: at least 95 % parse (the rest are MariaDB syntax the parsers lack)", async () => {
    const corpus = corpora[1] as Corpus;
    if (corpus.paths.length === 0) return;
    const { summary } = await lintCorpus(corpus);
    expect(summary.parsed / summary.statements).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});

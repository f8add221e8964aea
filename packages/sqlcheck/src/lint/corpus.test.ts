import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Dialect } from "../model/dialect.js";
import { lintSql } from "./lint-sql.js";

// Runs the linter over a directory of real migration files (SQLCHECK_CORPUS_DIR with `postgres/` and `mysql/`
// folders): no crash, and every statement either parsed or reported as `unparsed-statement`. The corpus lives
// outside the repository (third-party migrations under their own licences); without it the test is skipped.
const corpus = process.env["SQLCHECK_CORPUS_DIR"];
const folders: { folder: string; dialect: Dialect }[] = [
  { folder: "postgres", dialect: "postgres" },
  { folder: "mysql", dialect: "mysql" },
];

describe.skipIf(!corpus)("the linter over a corpus of real migrations", () => {
  test.each(folders)("$folder: every statement is parsed or reported", async ({ folder, dialect }) => {
    const dir = join(corpus ?? "", folder);
    if (!existsSync(dir)) return;
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".sql"))
      .sort()
      .map((name) => ({ name, content: new Uint8Array(readFileSync(join(dir, name))) }));
    const report = await lintSql({ dialect, files });
    for (const file of report.files) {
      expect(file.error, file.file).toBeUndefined();
      for (const statement of file.statements) {
        const reported = statement.findings.some((f) => f.ruleId === "unparsed-statement");
        expect(statement.parsed || reported, `${file.file}:${statement.line}`).toBe(true);
      }
    }
    expect(report.summary.statements).toBeGreaterThan(0);
  });
});

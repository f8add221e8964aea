import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { runCliCaptured } from "../testing/run-cli-captured.js";

const dir = mkdtempSync(join(tmpdir(), "lint-sql-"));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCliCaptured(args);
  return { code, out: stdout, err: stderr };
}

afterEach(() => vi.restoreAllMocks());

describe("switchboard lint-sql", () => {
  test("JSON lists every statement with its line, whether it parsed, and its findings; errors exit 1", async () => {
    const path = file(
      "a.sql",
      "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN name;\nALTER TABLE users ADD COLUMN;\n",
    );
    const { code, out } = await run(["lint-sql", path, "--dialect", "postgres", "--json"]);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.files[0].statements.map((s: { line: number; parsed: boolean }) => [s.line, s.parsed])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(report.files[0].statements[1].findings.map((f: { ruleId: string }) => f.ruleId)).toContain("drop-column");
    expect(report.files[0].statements[2].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "unparsed-statement",
    ]);
  });

  test("a clean file exits 0; --version is the server version", async () => {
    const path = file(
      "ok.sql",
      "ALTER TABLE carts ADD COLUMN note varchar(200) NULL COMMENT 'free text', ALGORITHM=INSTANT;\n",
    );
    const { code, out } = await run(["lint-sql", path, "--dialect", "mysql", "--version", "8.0.35"]);
    expect(out).toContain("mysql 8.0.35");
    expect(code).toBe(0);
  });

  test("SARIF 2.1.0 with the rule and location", async () => {
    const path = file("s.sql", "CREATE INDEX i ON events (a);\n");
    const { out } = await run(["lint-sql", path, "--dialect", "postgres", "--format", "sarif"]);
    const sarif = JSON.parse(out);
    expect(sarif.version).toBe("2.1.0");
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "pg-create-index-concurrently");
    expect(result.locations[0].physicalLocation.region.startLine).toBe(1);
  });

  test("bad input gets clear messages: unknown dialect and no files are usage errors (2)", async () => {
    expect((await run(["lint-sql", file("x.sql", "SELECT 1;"), "--dialect", "oracle"])).err).toContain(
      'unknown dialect "oracle"',
    );
    expect((await run(["lint-sql", "--dialect", "mysql"])).code).toBe(2);
    expect((await run(["lint-sql", join(dir, "missing.sql"), "--dialect", "mysql"])).err).toContain("no such file");
  });

  test("binary and oversized files are named and refused; an empty file has no statements", async () => {
    const binary = file("b.sql", new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    const big = file("big.sql", "SELECT 1;\n".repeat(1_100_000));
    const empty = file("e.sql", "");
    const { code, out, err } = await run(["lint-sql", binary, big, empty, "--dialect", "mariadb"]);
    expect(code).toBe(1);
    expect(err).toContain("b.sql is binary");
    expect(err).toMatch(/big\.sql is 10\.\d MiB; the limit is 8\.0 MiB/);
    expect(out).toContain("e.sql: no SQL statements");
  });
});

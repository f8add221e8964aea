import { describe, expect, test } from "vitest";
import { LintConfigError, parseLintConfig } from "./lint-config.js";
import { lintSql } from "./lint-sql.js";

describe("the config file", () => {
  test("changes a rule's severity or turns it off", async () => {
    const sql = "CREATE TABLE t (id bigint PRIMARY KEY, note text);";
    const config = parseLintConfig({ rules: { "nullable-column": "error", "missing-if-exists": "off" } });
    const report = await lintSql({ dialect: "postgres", files: [{ name: "a.sql", content: sql }], config });
    const findings = report.files[0]?.findings ?? [];
    expect(findings.find((f) => f.ruleId === "nullable-column")?.severity).toBe("error");
    expect(findings.some((f) => f.ruleId === "missing-if-exists")).toBe(false);
  });

  test("names every problem with its path", () => {
    try {
      parseLintConfig({ rules: { "no-such-rule": "error", "drop-column": "loud" }, largeTableRows: -1, colour: "red" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LintConfigError);
      expect((error as LintConfigError).problems).toEqual([
        expect.stringContaining("colour: unknown setting"),
        "rules.no-such-rule: no such rule",
        "rules.drop-column: must be one of error, warning, info, off",
        "largeTableRows: must be a non-negative number",
      ]);
    }
  });
});

describe("inline suppression", () => {
  test("a reason suppresses the rule for the next statement and is kept for the audit; none suppresses nothing", async () => {
    const sql =
      "-- switchboard-ignore drop-column: contract step, flag full on since 2026-11-02\nALTER TABLE a DROP COLUMN b;\n-- switchboard-ignore drop-column\nALTER TABLE a DROP COLUMN c;\n";
    const report = await lintSql({ dialect: "mariadb", files: [{ name: "a.sql", content: sql }] });
    const file = report.files[0];
    expect(file?.suppressed.map((f) => [f.ruleId, f.line, f.reason])).toEqual([
      ["drop-column", 2, "contract step, flag full on since 2026-11-02"],
    ]);
    expect(file?.findings.filter((f) => f.ruleId === "drop-column").map((f) => f.line)).toEqual([4]);
    expect(file?.findings.filter((f) => f.ruleId === "suppression-without-reason").map((f) => f.line)).toEqual([3]);
  });
});

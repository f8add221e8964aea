import { describe, expect, test } from "vitest";
import { lintSql } from "./lint-sql.js";

const script = [
  "\\set ON_ERROR_STOP on",
  "\\i 002_more.sql",
  "-- switchboard-ignore psql-meta-command: the deploy runs psql",
  "\\timing on",
  "CREATE INDEX CONCURRENTLY orders_created ON orders (created_at);",
].join("\n");

describe("psql meta-commands in a linted file", () => {
  test("each is an info finding with its line, not an unparsed statement; the statements around it are read", async () => {
    const report = await lintSql({ dialect: "postgres", files: [{ name: "001.sql", content: script }] });
    const file = report.files[0];
    expect(report.summary).toMatchObject({ statements: 1, parsed: 1, unparsed: 0 });
    const meta = file?.findings.filter((f) => f.ruleId === "psql-meta-command") ?? [];
    expect(meta.map((f) => [f.line, f.severity])).toEqual([
      [1, "info"],
      [2, "info"],
    ]);
    expect(meta[1]?.message).toContain("the included file is not read here");
    expect(file?.suppressed.map((f) => [f.ruleId, f.line, f.reason])).toEqual([
      ["psql-meta-command", 4, "the deploy runs psql"],
    ]);
  });

  test("a config can turn the rule off", async () => {
    const report = await lintSql({
      dialect: "postgres",
      files: [{ name: "001.sql", content: script }],
      config: { rules: { "psql-meta-command": "off" } },
    });
    expect(report.files[0]?.findings.filter((f) => f.ruleId === "psql-meta-command")).toEqual([]);
  });
});

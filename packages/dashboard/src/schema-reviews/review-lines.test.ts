import type { SchemaReviewFile } from "@switchboard/core";
import { expect, test } from "vitest";
import { reviewLines } from "./review-lines.js";

test("findings sit under the line they point at; out-of-range lines are clamped", () => {
  const finding = (line: number) => ({
    ruleId: "drop-column",
    severity: "error" as const,
    category: "compatibility",
    message: "m",
    advice: "a",
    file: "f",
    line,
    column: 1,
  });
  const file: SchemaReviewFile = {
    file: "f",
    sql: "SELECT 1;\nALTER TABLE t DROP COLUMN c;",
    statements: [],
    findings: [finding(2), finding(9)],
    suppressed: [],
  };
  const lines = reviewLines(file);
  expect(lines.map((l) => l.findings.length)).toEqual([0, 2]);
  expect(lines[1]?.text).toBe("ALTER TABLE t DROP COLUMN c;");
});

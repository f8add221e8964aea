import { describe, expect, test } from "vitest";
import { lintSql } from "../lint/lint-sql.js";
import type { LiveCodeInput } from "./live-code-index.js";

const drop = "ALTER TABLE orders DROP COLUMN legacy_total;";

async function liveFindings(liveCode: LiveCodeInput): Promise<string[]> {
  const report = await lintSql({
    dialect: "postgres",
    files: [{ name: "m.sql", content: drop }],
    config: { liveCode },
  });
  return report.files[0]?.findings.filter((f) => f.ruleId === "live-code-reads").map((f) => f.message) ?? [];
}

describe("live-code-reads", () => {
  const usage = [{ table: "orders", column: "legacy_total", file: "src/checkout/summary.ts", line: 42 }];
  const references = [{ flag: "new-checkout", file: "src/checkout/summary.ts", line: 12 }];

  test("a read guarded (through the scanner's code references) by a flag still partly on is live", async () => {
    const messages = await liveFindings({
      flags: [{ key: "new-checkout", environments: { production: "partial", staging: "on" } }],
      codeReferences: references,
      columnUsage: usage,
    });
    expect(messages).toEqual([
      expect.stringContaining("src/checkout/summary.ts:42 still reads (flag new-checkout is partial in production)"),
    ]);
  });

  test("once the flag is on everywhere, the old path no longer runs: the drop is the contract step", async () => {
    const messages = await liveFindings({
      flags: [{ key: "new-checkout", environments: { production: "on", staging: "on" } }],
      codeReferences: references,
      columnUsage: usage,
    });
    expect(messages).toEqual([]);
  });

  test("a read no flag guards runs for everyone; a read of another column does not count", async () => {
    expect(await liveFindings({ columnUsage: usage })).toEqual([expect.stringContaining("no flag guards it")]);
    expect(await liveFindings({ columnUsage: [{ ...usage[0], column: "total" } as (typeof usage)[0]] })).toEqual([]);
  });
});

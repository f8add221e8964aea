import { describe, expect, test } from "vitest";
import type { Dialect } from "../model/dialect.js";
import { rules } from "../rules/catalogue.js";
import { lintSql } from "./lint-sql.js";

const cases = rules.flatMap((rule) =>
  (["postgres", "mysql", "mariadb"] as Dialect[])
    .filter((dialect) => rule.dialects.includes(dialect))
    .flatMap((dialect) => {
      const example = rule.examples[dialect === "postgres" ? "postgres" : "mysql"];
      return example ? [{ id: rule.id, dialect, example }] : [];
    }),
);

describe("rule examples", () => {
  test("there are at least 30 rules, each with an example in every dialect it checks", () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
    const missing = rules.flatMap((rule) =>
      rule.dialects
        .filter((d) => !rule.examples[d === "postgres" ? "postgres" : "mysql"])
        .map((d) => `${rule.id}/${d}`),
    );
    expect(missing).toEqual([]);
  });

  test.each(cases)(
    "$id ($dialect): the bad example is flagged, the good one is not",
    async ({ id, dialect, example }) => {
      const bad = await lintSql({ dialect, files: [{ name: "bad.sql", content: example.bad }] });
      const good = await lintSql({ dialect, files: [{ name: "good.sql", content: example.good }] });
      expect(bad.files[0]?.findings.map((f) => f.ruleId)).toContain(id);
      expect(good.files[0]?.findings.filter((f) => f.ruleId === id).map((f) => f.message)).toEqual([]);
      expect(good.summary.unparsed).toBe(0);
    },
  );
});

import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { rules } from "../rules/catalogue.js";
import { renderCatalogue } from "./render-catalogue.js";

test("docs/sqlcheck-rules.md is generated from the current rule metadata", () => {
  const page = readFileSync(new URL("../../../../docs/sqlcheck-rules.md", import.meta.url), "utf8");
  expect(page, "run: npx tsx packages/sqlcheck/scripts/generate-catalogue.ts").toBe(renderCatalogue());
});

test("rule ids are unique and stable in form", () => {
  const ids = rules.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]+$/);
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderFlagSetSchema } from "./render-flag-set-schema.js";

describe("flag set JSON Schema", () => {
  it("is committed exactly as the model generates it (run `npm run schema` after changing the model)", () => {
    const committed = readFileSync(new URL("../../schema/flag-set.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(renderFlagSetSchema());
  });

  it("forbids unknown fields on every object of the model", () => {
    const schema = JSON.parse(renderFlagSetSchema());
    const open: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => {
          visit(item, `${path}/${index}`);
        });
      } else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (record["type"] === "object" && record["properties"] && record["additionalProperties"] !== false)
          open.push(path);
        for (const [key, value] of Object.entries(record)) visit(value, `${path}/${key}`);
      }
    };
    visit(schema, "");
    // The auto-disable policy is the one deliberately open object.
    expect(open).toEqual([expect.stringContaining("autoDisable")]);
  });
});

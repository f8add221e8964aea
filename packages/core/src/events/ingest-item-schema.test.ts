import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderIngestItemSchema } from "./render-ingest-item-schema.js";

describe("ingest item JSON Schema", () => {
  it("is committed exactly as the wire schema generates it (run `npm run schema` after changing it)", () => {
    const committed = readFileSync(new URL("../../schema/ingest-item.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(renderIngestItemSchema());
  });

  it("is a union of the two kinds of item, told apart by `type`", () => {
    const schema = JSON.parse(renderIngestItemSchema()) as { anyOf: { properties: { type: { const: string } } }[] };
    expect(schema.anyOf.map((variant) => variant.properties.type.const)).toEqual(["event", "exposure"]);
  });
});

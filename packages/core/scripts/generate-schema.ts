/** Writes the JSON Schemas in packages/core/schema/ from the TypeBox schemas (the one source of truth of each). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderIngestItemSchema } from "../src/events/render-ingest-item-schema.js";
import { renderFlagSetSchema } from "../src/model/render-flag-set-schema.js";

for (const [file, render] of [
  ["flag-set.schema.json", renderFlagSetSchema],
  ["ingest-item.schema.json", renderIngestItemSchema],
] as const) {
  const target = fileURLToPath(new URL(`../schema/${file}`, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}

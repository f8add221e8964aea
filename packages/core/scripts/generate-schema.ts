/** Writes packages/core/schema/flag-set.schema.json from the TypeBox model (the one source of truth). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderFlagSetSchema } from "../src/model/render-flag-set-schema.js";

const target = fileURLToPath(new URL("../schema/flag-set.schema.json", import.meta.url));
writeFileSync(target, renderFlagSetSchema());
console.log(`wrote ${target}`);

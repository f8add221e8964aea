import { writeFileSync } from "node:fs";
import { renderCatalogue } from "../src/docs/render-catalogue.js";

writeFileSync(new URL("../../../docs/sqlcheck-rules.md", import.meta.url), renderCatalogue());

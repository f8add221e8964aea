import { flagSetJsonSchema } from "./flag-set-schema.js";

/** The exact text of `schema/flag-set.schema.json`: the JSON Schema, two-space indented, with a final newline. */
export function renderFlagSetSchema(): string {
  return `${JSON.stringify(flagSetJsonSchema(), null, 2)}\n`;
}

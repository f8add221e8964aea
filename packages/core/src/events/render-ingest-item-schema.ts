import { IngestItemSchema } from "./event-schema.js";

/** The JSON Schema of one ingest item (`schema/ingest-item.schema.json`), as published next to the flag set's. */
export function ingestItemJsonSchema(): Record<string, unknown> {
  // A JSON round trip drops TypeBox's symbol-keyed bookkeeping and fixes the key order.
  const schema = JSON.parse(JSON.stringify(IngestItemSchema)) as Record<string, unknown>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://switchboard.dev/schema/ingest-item.schema.json",
    title: "Switchboard ingest item",
    description:
      "One item of a batch sent to POST /api/v1/events (a JSON array or NDJSON of these): a wide event or an exposure. `errorMessage` is the answer ingest gives when a value breaks that part.",
    ...schema,
  };
}

/** The exact text of `schema/ingest-item.schema.json`: two-space indented, with a final newline. */
export function renderIngestItemSchema(): string {
  return `${JSON.stringify(ingestItemJsonSchema(), null, 2)}\n`;
}

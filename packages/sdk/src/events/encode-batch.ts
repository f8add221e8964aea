import type { IngestItem } from "@switchboard/core";

/** A request body ready to send (encoded once, reused by every retry of the batch). */
export interface EncodedBatch {
  body: Uint8Array<ArrayBuffer> | string;
  headers: Record<string, string>;
}

/** One item as a line of NDJSON (without the newline), or undefined when it cannot be serialised (a cycle, a BigInt). */
export function encodeItem(item: IngestItem): string | undefined {
  try {
    return JSON.stringify(item);
  } catch {
    return undefined;
  }
}

/**
 * Serialises items as NDJSON, gzipped with `CompressionStream` when asked for and available; a string item is
 * taken as already encoded (`encodeItem`).
 */
export async function encodeBatch(items: readonly (IngestItem | string)[], compress: boolean): Promise<EncodedBatch> {
  let text = "";
  for (const item of items) text += `${typeof item === "string" ? item : JSON.stringify(item)}\n`;
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (!compress || typeof CompressionStream !== "function") return { body: text, headers };
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  const body = new Uint8Array(await new Response(stream).arrayBuffer());
  headers["content-encoding"] = "gzip";
  return { body, headers };
}

import type { IngestItem } from "@switchboard/core";
import { BatchBytes } from "./batch-bytes.js";

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
 * taken as already encoded (`encodeItem`). With `bytes`, an uncompressed body is a view into its reused buffer,
 * valid until its next `encode`.
 */
export async function encodeBatch(
  items: readonly (IngestItem | string)[],
  compress: boolean,
  bytes: BatchBytes = new BatchBytes(),
): Promise<EncodedBatch> {
  const body = bytes.encode(items);
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (!compress || typeof CompressionStream !== "function") return { body, headers };
  // The Blob copies the bytes, so the gzipped body does not depend on the shared buffer.
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  const gzipped = new Uint8Array(await new Response(stream).arrayBuffer());
  headers["content-encoding"] = "gzip";
  return { body: gzipped, headers };
}

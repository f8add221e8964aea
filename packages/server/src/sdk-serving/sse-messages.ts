import type { FeatureDefinition } from "@switchboard/core";
import type { CompiledPayload } from "./compiled-payload.js";

/** The headers of every event stream; proxies must neither buffer nor cache it. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

/** A comment line: keeps idle streams open through proxies, ignored by every SSE client. */
export const HEARTBEAT = Buffer.from(":\n\n");

/** The `retry:` field alone: how long a client waits before it reconnects. */
export function retryMessage(retryMs: number): Buffer {
  return Buffer.from(`retry: ${Math.max(0, Math.round(retryMs))}\n\n`);
}

// One full-payload event per payload version (3 MB at 10,000 flags), shared by every stream that opens on it.
const payloadMessages = new WeakMap<CompiledPayload, Buffer>();
const growthbookMessages = new WeakMap<CompiledPayload, Buffer>();

/** The full payload as a `payload` event whose id is the payload's change seq; built once per version. */
export function payloadMessage(compiled: CompiledPayload): Buffer {
  let message = payloadMessages.get(compiled);
  if (message === undefined) {
    message = eventMessage("payload", compiled.seq, compiled.body.bytes);
    payloadMessages.set(compiled, message);
  }
  return message;
}

/** Changed features (null for a removed one) as a `patch` event. */
export function patchMessage(seq: number, features: Record<string, FeatureDefinition | null>): Buffer {
  return eventMessage("patch", seq, Buffer.from(JSON.stringify({ features })));
}

/** GrowthBook's `features` event: the whole `/api/features` body, which GrowthBook SDKs apply as is; built once per version. */
export function growthbookFeaturesMessage(compiled: CompiledPayload): Buffer {
  let message = growthbookMessages.get(compiled);
  if (message === undefined) {
    message = eventMessage("features", compiled.seq, compiled.growthbookBody().bytes);
    growthbookMessages.set(compiled, message);
  }
  return message;
}

// JSON.stringify escapes line breaks, so JSON data always fits on one `data:` line.
function eventMessage(event: string, id: number, json: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`event: ${event}\nid: ${id}\ndata: `), json, Buffer.from("\n\n")]);
}

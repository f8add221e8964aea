import { isJsonObject } from "./clone-json.js";

/** Payloads that came out of `parsePayload`: already validated and frozen, so compiling them skips the checks. */
const parsedPayloads = new WeakSet<object>();

/** Records a payload `parsePayload` validated and froze. */
export function markParsed(payload: object): void {
  parsedPayloads.add(payload);
}

/** Whether a payload is a frozen result of `parsePayload`. */
export function isParsedPayload(payload: unknown): boolean {
  return isJsonObject(payload) && parsedPayloads.has(payload);
}

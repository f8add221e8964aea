import type { SdkPayload } from "../payload/payload-types.js";
import { cloneJson } from "./clone-json.js";
import { isParsedPayload, markParsed } from "./parsed-payloads.js";
import { readPayloadJson } from "./read-payload-json.js";
import { validatePayload } from "./validate-payload.js";

/**
 * Validates an SDK payload (a JSON string or an already parsed value) and returns a frozen deep copy.
 * A malformed payload is rejected as a whole with a `PayloadError` naming the field, never half-loaded.
 * @example parsePayload('{"features":{"x":{"defaultValue":true}}}')
 */
export function parsePayload(json: string | unknown): SdkPayload {
  const value = readPayloadJson(json);
  if (isParsedPayload(value)) return value as SdkPayload;
  // The copy is validated, not the input: a getter is read once, and the input may change afterwards.
  const payload = validatePayload(cloneJson(value));
  markParsed(payload);
  return payload;
}

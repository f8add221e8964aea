import { PayloadError } from "./payload-error.js";

/** A payload given as a JSON string, parsed; an already parsed value as it is. Throws a `PayloadError` for bad JSON. */
export function readPayloadJson(json: string | unknown): unknown {
  if (typeof json !== "string") return json;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new PayloadError("", `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

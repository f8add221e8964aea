import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "@switchboard/core";

const gunzipAsync = promisify(gunzip);

/** The items of a body in order; `errors` holds the NDJSON lines that were not JSON (by item index). */
export interface DecodedBody {
  values: unknown[];
  errors: { index: number; message: string }[];
  /** NDJSON only: the JSON text of each value as received, so the store keeps it as `raw` without serialising again. */
  texts?: string[];
}

/** Inflates a gzip body (bounded by `maxBytes`, so a small bomb cannot fill memory) or passes it through. */
export async function inflateBody(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return body;
  if (encoding !== "gzip") {
    throw new AppError("BAD_REQUEST", `Content-Encoding "${encoding}" is not supported; send gzip or no encoding.`);
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw tooLarge
      ? new AppError("PAYLOAD_TOO_LARGE", `The body inflates to more than ${maxBytes} bytes; send smaller batches.`)
      : new AppError("BAD_REQUEST", "The body is not valid gzip.");
  }
}

/** Splits NDJSON into values (blank lines ignored); a line that is not JSON becomes an error at its item index. */
export function decodeNdjson(text: string): DecodedBody {
  const texts: string[] = [];
  const decoded: DecodedBody = { values: [], errors: [], texts };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    texts.push(line);
    try {
      decoded.values.push(JSON.parse(line));
    } catch {
      decoded.errors.push({ index: decoded.values.length, message: "is not valid JSON" });
      decoded.values.push(undefined);
    }
  }
  return decoded;
}

/** Parses a JSON body: an array of items, or one item. */
export function decodeJson(text: string): DecodedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(
      "BAD_REQUEST",
      "The body is not valid JSON: send a JSON array of items or NDJSON (application/x-ndjson).",
    );
  }
  return { values: Array.isArray(value) ? value : [value], errors: [] };
}

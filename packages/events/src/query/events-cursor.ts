import type { EventsCursor } from "./resolved-query.js";

// The exact text the engine printed (microseconds and offset kept), so the next page starts where this one ended: any
// time the engine can hold, including years past 9999 (`275760-09-13 00:00:00`) and before the era (`0045-03-15
// 12:00:00 (BC)`), since a stored event at such a time must not end the drill-down.
const TIMESTAMP = /^\d{4,6}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)?( \(BC\))?$/;

/** The opaque cursor of the page after the event (ts, id): base64url JSON, so clients never build one by hand. */
export function encodeCursor(cursor: EventsCursor): string {
  return Buffer.from(JSON.stringify([cursor.ts, cursor.id]), "utf8").toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(text: string): EventsCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [ts, id] = value as unknown[];
    if (typeof ts !== "string" || typeof id !== "string" || !TIMESTAMP.test(ts)) return null;
    return { ts, id };
  } catch {
    return null;
  }
}

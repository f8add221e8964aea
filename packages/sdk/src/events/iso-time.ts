// `new Date(ms).toISOString()` allocates a Date and formats all seven parts, about a microsecond per item on a
// busy server. Items stamped within the same second share everything but the milliseconds, so the second's text
// is formatted once and reused.
let cachedSecond = Number.NaN;
let cachedPrefix = "";

// Beyond year 9999 (and before 1970, to keep the arithmetic simple) the platform formats: ISO 8601 needs a sign there.
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000;

/** `new Date(epochMs).toISOString()` for an integral epoch time, without a Date object on most calls. */
export function isoTime(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < LAST_FOUR_DIGIT_YEAR_MS) || !Number.isInteger(epochMs)) {
    return new Date(epochMs).toISOString();
  }
  const ms = epochMs % 1000;
  const second = epochMs - ms;
  if (second !== cachedSecond) {
    // "2025-06-01T12:34:56." — everything up to the milliseconds.
    cachedPrefix = new Date(second).toISOString().slice(0, 20);
    cachedSecond = second;
  }
  return `${cachedPrefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}

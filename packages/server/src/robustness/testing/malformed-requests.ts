/**
 * Abuse of the parts of a request around its body: path parameters, query strings and headers. Values are written
 * as they go on the wire (already percent-encoded where a URL needs it).
 */

/**
 * Path parameter values: NUL, broken escapes, 5,000 characters, traversal, overlong and surrogate encodings. The
 * first three (the audit's) are sent on every route; the rest are sampled.
 */
export const PATH_PARAM_VALUES: readonly string[] = [
  "%00",
  "%zz",
  "x".repeat(5_000),
  "a%00b",
  "%",
  "%2e%2e",
  "..%2f..%2fetc%2fpasswd",
  "%C0%AE",
  "%ED%A0%80",
  "%FF%FE",
  "%F0%9F%98%80",
  "%20",
  "%0d%0aX-Injected:%201",
  "'%20OR%201=1--",
];

/** Query strings for list routes (appended after `?`). */
export const QUERY_STRINGS: readonly string[] = [
  "limit=-1",
  "limit=1e308",
  "limit=NaN",
  "limit=99999999999999999999",
  "limit=1&limit=2",
  "order=sideways",
  "q=%00",
  "q=%zz",
  `q=${"x".repeat(20_000)}`,
  "tag=%ED%A0%80",
  "__proto__[admin]=1",
  "constructor[prototype][x]=1",
  "environment[]=a&environment[]=b",
  "subjectKey=%00",
  "from=%2B275760-09-13T00:00:00Z",
  "from=not-a-date&to=-1",
  "cursor=%00%00",
  "includeArchived=maybe",
  "&&&==&",
];

/** X-Change-Reason values: the server percent-decodes them, so `%00` arrives as a NUL. */
export const REASON_HEADERS: readonly string[] = [
  "%00",
  "before%00after",
  "%ED%A0%80",
  "%",
  "%zz",
  "x".repeat(5_000),
  "%E2%80%AE right-to-left",
  "caf\u00e9 (latin-1 byte)",
];

/** Idempotency-Key values for ingest: empty, blank, too long, NUL, separators. */
export const IDEMPOTENCY_KEYS: readonly string[] = [
  "",
  " ",
  "x".repeat(5_000),
  "%00",
  "a,b",
  "\t\t",
  "../../etc",
  "caf\u00e9",
];

/** Queries for `POST /api/v1/query` that a viewer may send, by abuse class (audit D7, D8). */
export type QueryAbuseClass =
  | "re2-regexes"
  | "extreme-numbers"
  | "extreme-dates"
  | "huge-filter-lists"
  | "unknown-fields"
  | "injection-strings";

const aggregate = (extra: Record<string, unknown>) => ({
  kind: "aggregate",
  last: "24h",
  aggregates: [{ fn: "count" }],
  ...extra,
});
const where = (field: string, op: string, value: unknown) => aggregate({ where: [{ field, op, value }] });

// Regexes JavaScript accepts but RE2 (DuckDB) does not, and some both accept, on string columns and fields.
const REGEXES = [
  "(?=a)",
  "(?!a)b",
  "(?<=a)b",
  "(a)\\1",
  "\\k<x>(?<x>a)",
  "(?<n>a)",
  "\\u{1F600}",
  "\\cA",
  "[^]",
  "\\Z",
];
const MORE_REGEXES = ["a{1001}", "(a+)+$", "\\p{L}+", "(?i)x", "x{2,1}", "[\\d-z]", "\\", "", "\u0000"];
const EXTREME_NUMBERS = [1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 64, 5e-324, -0, 2 ** 53 + 1];
const EXTREME_DATES = [
  "+275760-09-13T00:00:00Z",
  "-271821-04-20T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "2026-02-30T00:00:00Z",
  "1",
  "Tue Mar 1 2026",
  "1970-01-01T00:00:00+99:99",
];
const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '"; DROP TABLE events; --',
  "\\'; SELECT 1; --",
  "$$; SELECT 1; $$",
  "%' AND '1'='1",
  "a\u0000b",
  "\ud800",
];

/** The queries of one class (all of them: each class is small and fixed). */
export function abusiveQueries(abuseClass: QueryAbuseClass): { label: string; body: unknown }[] {
  switch (abuseClass) {
    case "re2-regexes":
      return [...REGEXES, ...MORE_REGEXES].flatMap((regex) =>
        ["message", "name", "fields.http.route"].map((field) => ({
          label: `${field} regex ${JSON.stringify(regex)}`,
          body: where(field, "regex", regex),
        })),
      );
    case "extreme-numbers":
      return EXTREME_NUMBERS.flatMap((n) => [
        { label: `durationMs > ${n}`, body: where("durationMs", ">", n) },
        { label: `status = ${n}`, body: where("status", "=", n) },
        { label: `counters.rows <= ${n}`, body: where("counters.rows", "<=", n) },
        { label: `spans.db.count in [${n}]`, body: where("spans.db.count", "in", [n, 1]) },
        { label: `fields.n >= ${n}`, body: where("fields.n", ">=", n) },
      ]);
    case "extreme-dates":
      return EXTREME_DATES.flatMap((date) => [
        { label: `ts > ${date}`, body: where("ts", ">", date) },
        { label: `from ${date}`, body: { kind: "aggregate", from: date, aggregates: [{ fn: "count" }] } },
        {
          label: `to ${date}`,
          body: { kind: "aggregate", from: "2026-01-01T00:00:00Z", to: date, aggregates: [{ fn: "count" }] },
        },
        { label: `events from ${date}`, body: { kind: "events", from: date, limit: 5 } },
      ]);
    case "huge-filter-lists": {
      const values = Array.from({ length: 1_000 }, (_, i) => `value-${i}`);
      const filters = Array.from({ length: 100 }, (_, i) => ({ field: `fields.f${i}`, op: "in", value: values }));
      const dimensions = Array.from({ length: 50 }, (_, i) => `fields.d${i}`);
      return [
        { label: "100 filters × 1,000 in-values", body: aggregate({ where: filters }) },
        { label: "1 filter × 1,000 in-values", body: where("name", "in", values) },
        {
          label: "bubbleup 100 selection filters × 1,000 values, 50 dimensions",
          body: { kind: "bubbleup", last: "24h", selection: filters, baseline: filters, dimensions },
        },
        {
          label: "groupBy 10 × 20 aggregates",
          body: aggregate({ groupBy: dimensions.slice(0, 10), aggregates: Array(20).fill({ fn: "count" }) }),
        },
        { label: "1,001 in-values", body: where("name", "in", [...values, "x"]) },
      ];
    }
    case "unknown-fields":
      return [
        { label: "unknown kind", body: { kind: "drop", last: "24h" } },
        { label: "extra top-level field", body: aggregate({ sql: "SELECT 1" }) },
        { label: "unknown field path", body: where("nope", "=", 1) },
        { label: "fields.__proto__", body: where("fields.__proto__", "=", 1) },
        { label: "field with quotes", body: where('fields."a', "=", 1) },
        { label: "field of 300 chars", body: where(`fields.${"a".repeat(293)}`, "=", 1) },
        { label: "empty path segment", body: where("fields..a", "=", 1) },
        { label: "aggregate of unknown fn", body: { kind: "aggregate", last: "24h", aggregates: [{ fn: "eval" }] } },
        { label: "order by unknown", body: aggregate({ orderBy: [{ by: "nope" }] }) },
        { label: "cursor garbage", body: { kind: "events", last: "24h", cursor: "%%%not-base64" } },
        {
          label: "cursor of wrong shape",
          body: { kind: "events", last: "24h", cursor: Buffer.from('{"a":1}').toString("base64url") },
        },
      ];
    case "injection-strings":
      return INJECTIONS.flatMap((text) => [
        { label: `name = ${JSON.stringify(text)}`, body: where("name", "=", text) },
        { label: `fields.x contains ${JSON.stringify(text)}`, body: where("fields.x", "contains", text) },
        { label: `environment ${JSON.stringify(text)}`, body: aggregate({ environment: text }) },
        { label: `release ${JSON.stringify(text)}`, body: aggregate({ release: text }) },
        { label: `groupBy fields.${text}`, body: aggregate({ groupBy: [`fields.${text}`] }) },
        {
          label: `as ${JSON.stringify(text)}`,
          body: { kind: "aggregate", last: "24h", aggregates: [{ fn: "count", as: text }] },
        },
      ]);
  }
}

/** Every class, in the order the suite runs them. */
export const QUERY_ABUSE_CLASSES: readonly QueryAbuseClass[] = [
  "re2-regexes",
  "extreme-numbers",
  "extreme-dates",
  "huge-filter-lists",
  "unknown-fields",
  "injection-strings",
];

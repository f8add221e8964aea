/**
 * Converts between the store's plain values and ClickHouse's: statement parameters by the type their placeholder
 * names, and result values by the column type the engine reports.
 */

const PLACEHOLDER = /\{p(\d+):([^}]+)\}/g;

/** The type each `{pN:Type}` placeholder of a statement names, by index. */
export function placeholderTypes(sql: string): Map<number, string> {
  const types = new Map<number, string>();
  for (const match of sql.matchAll(PLACEHOLDER)) types.set(Number(match[1]), match[2] ?? "");
  return types;
}

/** The `query_params` of a positional statement: `{p0: …, p1: …}`, times spelled the way ClickHouse parses them. */
export function queryParams(sql: string, params: readonly unknown[]): Record<string, unknown> {
  const types = placeholderTypes(sql);
  const named: Record<string, unknown> = {};
  params.forEach((value, index) => {
    named[`p${index}`] = paramValue(value, types.get(index) ?? "");
  });
  return named;
}

// ClickHouse's own text form of a time (a cursor carries the `toString` of a stored `ts`): passed on as is.
const CLICKHOUSE_TIME_TEXT = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?$/;

function paramValue(value: unknown, type: string): unknown {
  if (value === undefined) return null;
  if (/^(Nullable\()?(DateTime|Date)/.test(type)) {
    if (typeof value === "string" && CLICKHOUSE_TIME_TEXT.test(value)) return value;
    if (value instanceof Date) return timeText(value.getTime(), type);
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return timeText(Date.parse(value), type);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => paramValue(item, elementType(type)));
  return value;
}

function elementType(type: string): string {
  const match = /^Array\((.*)\)$/.exec(type);
  return match?.[1] ?? "";
}

// `2026-03-01 12:00:00.123456` (DateTime64(6)), `2026-03-01 12:00:00` (DateTime) or `2026-03-01` (Date).
function timeText(ms: number, type: string): string {
  const iso = new Date(ms).toISOString();
  if (/\bDate\b(?!Time)/.test(type) && !type.includes("DateTime")) return iso.slice(0, 10);
  if (!type.includes("DateTime64")) return iso.replace("T", " ").slice(0, 19);
  return `${iso.replace("T", " ").slice(0, 23)}000`;
}

/** Strips `Nullable(…)` and `LowCardinality(…)` wrappers. */
function baseType(type: string): string {
  let current = type;
  for (;;) {
    const match = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(current);
    if (match?.[1] === undefined) return current;
    current = match[1];
  }
}

/**
 * A function turning one value of a column of `type` into a plain JSON value: times become ISO text
 * (`2026-03-01T12:00:00.000Z`, like the DuckDB store), 64-bit integers numbers, recursively through arrays.
 */
export function plainConverter(type: string): (value: unknown) => unknown {
  const base = baseType(type);
  if (base.startsWith("DateTime") || base === "Date" || base === "Date32") {
    return (value) => (typeof value === "string" ? isoTime(value) : value);
  }
  if (/^U?Int(64|128|256)$/.test(base)) {
    return (value) => (typeof value === "string" ? Number(value) : value);
  }
  if (/^Float(32|64)$/.test(base)) {
    // ClickHouse writes NaN and infinities as text in JSON when asked to quote them; none are stored, so NULL.
    return (value) => (typeof value === "string" ? null : value);
  }
  const element = elementType(base);
  if (element !== "") {
    const convert = plainConverter(element);
    return (value) => (Array.isArray(value) ? value.map(convert) : value);
  }
  return (value) => value;
}

function isoTime(text: string): string {
  const [date, time = "00:00:00"] = text.split(" ");
  const [clock = "00:00:00", fraction = ""] = time.split(".");
  return `${date}T${clock}.${fraction.padEnd(3, "0").slice(0, 3)}Z`;
}

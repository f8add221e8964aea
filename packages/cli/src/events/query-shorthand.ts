import { usageError } from "../cli-error.js";

/** The shorthand flags of `switchboard events query`, as commander hands them over. */
export interface ShorthandOptions {
  where?: string[];
  groupBy?: string;
  agg?: string;
  last?: string;
  from?: string;
  to?: string;
  env?: string;
  release?: string;
  bucket?: string;
  orderBy?: string;
  limit?: string;
  fields?: string;
  cursor?: string;
  explain?: boolean;
  exposures?: boolean;
}

// Longest operators first so that `>=` is not read as `>` followed by `=...`.
const WHERE = /^(.+?)(!=|>=|<=|=~|\*=|=|<|>)(.*)$/s;
const OPS: Readonly<Record<string, string>> = { "=~": "regex", "*=": "contains" };

/** Parses `field=value`, `field!=v`, `field>=n`, `field=~regex`, `field*=text`, `field?` and `!field?`. */
export function parseWhere(text: string): Record<string, unknown> {
  if (text.endsWith("?")) {
    const negate = text.startsWith("!");
    return { field: text.slice(negate ? 1 : 0, -1), op: "exists", value: !negate };
  }
  const match = WHERE.exec(text);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw usageError(
      `--where takes field=value, field!=value, field>n, field=~regex, field*=text or field? (got "${text}")`,
    );
  }
  const op = OPS[match[2]] ?? match[2];
  const raw = match[3] ?? "";
  const numeric = op !== "regex" && op !== "contains" && raw.trim() !== "" && Number.isFinite(Number(raw));
  return { field: match[1].trim(), op, value: numeric ? Number(raw) : raw };
}

/** Parses `count,p95:durationMs,count_distinct:unit,ratio:spans.sql.ms/spans.sql.count,rate`. */
export function parseAggregates(text: string): Record<string, unknown>[] {
  return text.split(",").map((part) => {
    const [fn = "", field] = part.trim().split(":");
    if (fn === "") throw usageError(`--agg takes fn or fn:field separated by commas (got "${text}")`);
    if (fn === "ratio") {
      const [numerator, per] = (field ?? "").split("/");
      if (!numerator || !per) throw usageError(`ratio takes ratio:field/per, e.g. ratio:spans.sql.ms/spans.sql.count`);
      return { fn, field: numerator, per };
    }
    return field === undefined ? { fn } : { fn, field };
  });
}

/**
 * Merges shorthand flags over a query (from a file, stdin or --query): scope flags replace, `--where` adds filters.
 * Without a base query, `--agg` makes an aggregate and its absence a page of raw events.
 */
export function applyShorthand(
  base: Record<string, unknown> | undefined,
  options: ShorthandOptions,
): Record<string, unknown> {
  const query: Record<string, unknown> = { ...(base ?? { kind: options.agg === undefined ? "events" : "aggregate" }) };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) query[key] = value;
  };
  set("last", options.last);
  set("from", options.from);
  set("to", options.to);
  set("environment", options.env);
  set("release", options.release);
  set("bucket", options.bucket);
  set("cursor", options.cursor);
  if (options.explain === true) query["explain"] = true;
  if (options.exposures === true) query["source"] = "exposures";
  if (options.limit !== undefined) query["limit"] = Number(options.limit);
  if (options.where !== undefined && options.where.length > 0) {
    const existing = Array.isArray(query["where"]) ? (query["where"] as unknown[]) : [];
    query["where"] = [...existing, ...options.where.map(parseWhere)];
  }
  if (options.groupBy !== undefined) query["groupBy"] = splitList(options.groupBy);
  if (options.fields !== undefined) query["fields"] = splitList(options.fields);
  if (options.agg !== undefined) query["aggregates"] = parseAggregates(options.agg);
  if (options.orderBy !== undefined) {
    query["orderBy"] = splitList(options.orderBy).map((item) => {
      const desc = item.endsWith(":desc");
      return { by: item.replace(/:(desc|asc)$/, ""), desc };
    });
  }
  return query;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

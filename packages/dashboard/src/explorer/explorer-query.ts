/** A filter of the query language: `{"field": "status", "op": ">=", "value": "500"}`. */
export interface Filter {
  field: string;
  op: string;
  value?: unknown;
}

/** An aggregate of the query language; `ratio` is `sum(field) / sum(per)`. */
export interface Aggregate {
  fn: string;
  field?: string;
  per?: string;
}

/** The query the builder edits: a superset of every kind's keys; `toRequest` keeps those of its kind. */
export interface ExplorerQuery {
  kind: "aggregate" | "events" | "messages-diff" | "new-messages" | "bubbleup";
  /** Wide events or the exposure records (`aggregate` and `events` only). */
  source: "events" | "exposures";
  last: string;
  /** A fixed range (ISO 8601) instead of `last`, e.g. an experiment phase; "" when `last` applies. */
  from: string;
  to: string;
  environment: string;
  where: Filter[];
  groupBy: string[];
  aggregates: Aggregate[];
  bucket: string;
  selection: Filter[];
  baseline: Filter[];
  sinceRelease: string;
  dimensions: string[];
}

export const DEFAULT_QUERY: ExplorerQuery = {
  kind: "aggregate",
  source: "events",
  last: "1h",
  from: "",
  to: "",
  environment: "",
  where: [],
  groupBy: [],
  aggregates: [{ fn: "count" }, { fn: "p95", field: "durationMs" }],
  bucket: "",
  selection: [],
  baseline: [],
  sinceRelease: "",
  dimensions: ["fields.http.route", "status", "release"],
};

export const OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "contains", "regex", "exists"];
export const FNS = ["count", "count_distinct", "sum", "avg", "min", "max", "p50", "p90", "p95", "p99", "rate", "ratio"];

/** The body of `POST /query` for the builder's query (docs/queries.md). */
export function toRequest(q: ExplorerQuery): Record<string, unknown> {
  const range = q.from === "" ? { last: q.last } : { from: q.from, ...(q.to === "" ? {} : { to: q.to }) };
  const scope = { kind: q.kind, ...range, ...(q.environment === "" ? {} : { environment: q.environment }) };
  const where = q.where.length === 0 ? {} : { where: q.where };
  const source = q.source === "exposures" ? { source: "exposures" } : {};
  switch (q.kind) {
    case "aggregate":
      return {
        ...scope,
        ...source,
        ...where,
        ...(q.groupBy.length === 0 ? {} : { groupBy: q.groupBy }),
        aggregates: q.aggregates.map(aggregateRequest),
        ...(q.bucket === "" ? {} : { bucket: q.bucket }),
        explain: true,
      };
    case "events":
      return { ...scope, ...source, ...where, limit: 100 };
    case "messages-diff":
      return { ...scope, ...where, selection: q.selection, baseline: q.baseline };
    case "new-messages":
      return { ...scope, ...where, sinceRelease: q.sinceRelease };
    case "bubbleup":
      return {
        ...scope,
        ...where,
        selection: q.selection,
        ...(q.baseline.length === 0 ? {} : { baseline: q.baseline }),
        dimensions: q.dimensions,
        top: 5,
      };
  }
}

/** One aggregate as the API takes it: empty fields left out, `per` only for `ratio`. */
export function aggregateRequest(a: Aggregate): Aggregate {
  return {
    fn: a.fn,
    ...(a.field === undefined || a.field === "" ? {} : { field: a.field }),
    ...(a.fn !== "ratio" || a.per === undefined || a.per === "" ? {} : { per: a.per }),
  };
}

/** Reads the query from the address (`?q=<json>`), falling back to the default for anything missing. */
export function queryFromUrl(params: URLSearchParams): ExplorerQuery {
  const raw = params.get("q");
  if (raw === null) return DEFAULT_QUERY;
  try {
    return { ...DEFAULT_QUERY, ...(JSON.parse(raw) as Partial<ExplorerQuery>) };
  } catch {
    return DEFAULT_QUERY;
  }
}

/** The address of a query, to share it. */
export function queryToUrl(q: ExplorerQuery, run: boolean): string {
  const params = new URLSearchParams({ q: JSON.stringify(q) });
  if (run) params.set("run", "1");
  return `/explorer?${params}`;
}

/** Parses a typed filter value: numbers stay numbers for numeric ops, `in` takes a comma list. */
export function parseValue(op: string, text: string): unknown {
  if (op === "in")
    return text
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
  if (op === "exists") return text !== "false";
  if (["<", "<=", ">", ">="].includes(op) && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

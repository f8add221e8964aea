import type { DuckDBType, DuckDBValue } from "@duckdb/node-api";
import { DOUBLE, LIST, listValue, VARCHAR } from "@duckdb/node-api";

/** Converts a value returned by DuckDB (as JS) to plain JSON: BIGINT → number, timestamps → ISO text, recursively. */
export function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === "object") {
    const plain: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) plain[key] = plainValue(child);
    return plain;
  }
  return value;
}

/** Converts a statement parameter to what DuckDB binds: arrays become lists, Dates timestamps as ISO text. */
export function duckDbParam(value: unknown): DuckDBValue {
  if (Array.isArray(value)) return listValue(value.map(duckDbParam));
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return value;
  }
  if (typeof value === "bigint") return value;
  throw new TypeError(`A statement parameter cannot be a ${typeof value}.`);
}

/**
 * Binds statement parameters: values plus the types DuckDB cannot infer. An empty list is a VARCHAR list; a number
 * beyond the exact integers (1e308) is a DOUBLE, since the driver would bind any whole number as a BIGINT.
 */
export function duckDbParams(params: readonly unknown[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const types = params.map((param) => {
    if (Array.isArray(param) && param.length === 0) return LIST(VARCHAR);
    if (typeof param === "number" && !Number.isSafeInteger(param)) return DOUBLE;
    return undefined;
  });
  return { values: params.map(duckDbParam), types: types as DuckDBType[] };
}

import type { OtlpObject, OtlpReader } from "./otlp-reader.js";

/** How deep an `AnyValue` may nest (arrays and key-value lists in each other); deeper is refused, not recursed into. */
export const MAX_VALUE_DEPTH = 32;

/**
 * Attributes (a repeated `KeyValue`) as a flat record keyed by their (dotted) OpenTelemetry names, values as plain
 * JSON (64-bit integers as numbers). Wrong types are recorded on `reader` at their path.
 */
export function readAttributes(reader: OtlpReader, value: unknown, path: string, depth = 0): Record<string, unknown> {
  // No prototype: an attribute named `__proto__` is an attribute like any other.
  const record = Object.create(null) as Record<string, unknown>;
  reader.list(value, path).forEach((entry, index) => {
    const at = `${path}[${index}]`;
    const keyValue = reader.element(entry, at);
    if (keyValue === undefined) return;
    const key = reader.string(keyValue["key"], `${at}.key`);
    if (key === undefined) reader.problem(`${at}.key`, "is required: the attribute's name");
    else record[key] = readAnyValue(reader, keyValue["value"], `${at}.value`, depth + 1);
  });
  return record;
}

/** An OTLP `AnyValue` as plain JSON; `null` when empty or wrong (the problem is recorded on `reader`). */
export function readAnyValue(reader: OtlpReader, value: unknown, path: string, depth = 1): unknown {
  const any = reader.object(value, path);
  if (depth > MAX_VALUE_DEPTH) {
    reader.problem(path, `nests deeper than ${MAX_VALUE_DEPTH} levels; flatten the value`);
    return null;
  }
  if (any["stringValue"] != null) return reader.string(any["stringValue"], `${path}.stringValue`) ?? null;
  if (any["boolValue"] != null) return readBool(reader, any["boolValue"], `${path}.boolValue`);
  if (any["intValue"] != null) return readNumber(reader, any["intValue"], `${path}.intValue`, /^-?\d{1,20}$/);
  if (any["doubleValue"] != null)
    return readNumber(reader, any["doubleValue"], `${path}.doubleValue`, /^-?[\d.eE+-]+$/);
  if (any["bytesValue"] != null) return reader.string(any["bytesValue"], `${path}.bytesValue`) ?? null;
  if (any["arrayValue"] != null) return readArray(reader, any["arrayValue"], `${path}.arrayValue`, depth);
  if (any["kvlistValue"] != null) {
    const kvlist = reader.object(any["kvlistValue"], `${path}.kvlistValue`);
    return readAttributes(reader, kvlist["values"], `${path}.kvlistValue.values`, depth);
  }
  return null;
}

function readArray(reader: OtlpReader, value: unknown, path: string, depth: number): unknown[] {
  const array: OtlpObject = reader.object(value, path);
  return reader
    .list(array["values"], `${path}.values`)
    .map((v, i) => readAnyValue(reader, v, `${path}.values[${i}]`, depth + 1));
}

function readBool(reader: OtlpReader, value: unknown, path: string): boolean | null {
  if (typeof value === "boolean") return value;
  reader.problem(path, "must be true or false");
  return null;
}

// OTLP/JSON sends int64 as a decimal string (or a number), double as a number (or a numeric string).
function readNumber(reader: OtlpReader, value: unknown, path: string, form: RegExp): number | null {
  const number =
    typeof value === "number" || (typeof value === "string" && form.test(value)) ? Number(value) : Number.NaN;
  if (Number.isFinite(number)) return number;
  reader.problem(path, "must be a finite number (or its decimal string)");
  return null;
}

/** OpenTelemetry `feature_flag.*` attributes (key + variant, old and new names) to one assignment, if present. */
export function flagAssignment(attributes: Record<string, unknown>): [string, string] | undefined {
  const key = attributes["feature_flag.key"];
  const variant =
    attributes["feature_flag.result.variant"] ??
    attributes["feature_flag.variant"] ??
    attributes["feature_flag.result.value"];
  if (typeof key !== "string" || key === "" || variant === undefined || variant === null) return undefined;
  return [key, typeof variant === "string" ? variant : JSON.stringify(variant)];
}

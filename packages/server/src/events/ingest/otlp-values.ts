/** An OTLP/JSON `AnyValue`. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

/** An OTLP/JSON attribute. */
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** Converts an OTLP `AnyValue` to plain JSON (64-bit integers as numbers). */
export function plainOtlpValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainOtlpValue);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** Attributes as a flat record keyed by their (dotted) OpenTelemetry names. */
export function attributesOf(attributes: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const attribute of attributes ?? []) {
    if (typeof attribute?.key === "string") record[attribute.key] = plainOtlpValue(attribute.value);
  }
  return record;
}

/** Unix nanoseconds (string or number, as OTLP/JSON sends uint64) to epoch milliseconds; NaN when absent or bad. */
export function nanosToMs(nanos: string | number | undefined): number {
  if (nanos === undefined) return Number.NaN;
  if (typeof nanos === "number") return nanos / 1e6;
  if (!/^\d{1,20}$/.test(nanos)) return Number.NaN;
  return Number(BigInt(nanos) / 1000n) / 1000;
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

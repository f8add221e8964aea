import type { ErrorDetail } from "@switchboard/core";

/** A JSON object of an OTLP/JSON export, not checked yet beyond being an object. */
export type OtlpObject = Readonly<Record<string, unknown>>;

/** The times an export may carry, as epoch milliseconds (inclusive). */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

// A request with thousands of bad values needs only the first few reasons to be fixed.
const MAX_PROBLEMS = 20;
const MAX_UINT64 = 2n ** 64n - 1n;
const EMPTY: OtlpObject = Object.freeze({});

/**
 * Reads untrusted OTLP/JSON one field at a time: each read returns the value when it has the type OTLP gives it, and
 * otherwise records a problem at the field's path (`resourceSpans[0].scopeSpans[1].spans[2].name`) and returns the
 * empty value, so a mapping never throws on a wrong type. `null` reads as absent, as in proto3's JSON mapping.
 */
export class OtlpReader {
  readonly problems: ErrorDetail[] = [];

  /** Records a problem (the first few are kept). */
  problem(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }

  /** An optional message field: absent → `{}`. */
  object(value: unknown, path: string): OtlpObject {
    if (value === undefined || value === null) return EMPTY;
    if (isObject(value)) return value;
    this.problem(path, `must be an object (got ${typeName(value)})`);
    return EMPTY;
  }

  /** An element of a repeated message field: must be an object, `null` included. */
  element(value: unknown, path: string): OtlpObject | undefined {
    if (isObject(value)) return value;
    this.problem(path, `must be an object (got ${typeName(value)})`);
    return undefined;
  }

  /** A repeated field: absent → `[]`. */
  list(value: unknown, path: string): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problem(path, `must be an array (got ${typeName(value)})`);
    return [];
  }

  /** An optional string field. */
  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
    this.problem(path, `must be a string (got ${typeName(value)})`);
    return undefined;
  }

  /** An optional enum or int32 field: an integer, or (enums only) the value's name. */
  enumValue(value: unknown, path: string): number | string | undefined {
    if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    this.problem(path, `must be an integer or an enum name (got ${typeName(value)})`);
    return undefined;
  }

  /** An optional `fixed64` of Unix nanoseconds (decimal string or JSON number, as OTLP/JSON sends uint64). */
  unixNanos(value: unknown, path: string): bigint | undefined {
    if (value === undefined || value === null) return undefined;
    const nanos = uint64Of(value);
    if (nanos === undefined) {
      this.problem(
        path,
        `must be Unix nanoseconds: a decimal string of digits such as "1772366400000000000" (got ${preview(value)})`,
      );
    }
    return nanos;
  }

  /** An optional time (absent or 0 = unset) as epoch milliseconds inside `window`. */
  optionalTimeMs(value: unknown, path: string, window: TimeWindow): number | undefined {
    const nanos = this.unixNanos(value, path);
    return nanos === undefined || nanos === 0n ? undefined : this.timeMs(nanos, path, window);
  }

  /** Unix nanoseconds as epoch milliseconds, when they fall inside `window`. */
  timeMs(nanos: bigint, path: string, window: TimeWindow): number | undefined {
    const ms = Number(nanos / 1000n) / 1000;
    if (ms >= window.fromMs && ms <= window.toMs) return ms;
    const from = new Date(window.fromMs).toISOString();
    const to = new Date(window.toMs).toISOString();
    this.problem(path, `must fall between ${from} and ${to} (got ${nanos} ns); check the exporter's clock`);
    return undefined;
  }
}

function uint64Of(value: unknown): bigint | undefined {
  let nanos: bigint;
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) nanos = BigInt(value);
  else if (typeof value === "number" && Number.isInteger(value) && value >= 0) nanos = BigInt(value);
  else return undefined;
  return nanos <= MAX_UINT64 ? nanos : undefined;
}

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is OtlpObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

// Only scalars are shown: a nested value could be deep enough to overflow JSON.stringify.
function preview(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return typeName(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

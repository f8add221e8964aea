import type { ErrorDetail } from "@switchboard/core";
import { type EventSource, type FieldRef, parseFieldPath } from "./field-ref.js";
import type { Filter, FilterOp } from "./query-schema.js";
import { isQueryableTime, OUTSIDE_WINDOW } from "./query-time-window.js";
import { re2SyntaxProblem } from "./re2-syntax-problem.js";

/** The positive operators a filter compiles to; `!=` and `exists: false` are their negations. */
export type PositiveOp = Exclude<FilterOp, "!=">;

/** A filter checked against the schema: field resolved, values typed, negation explicit. */
export interface ResolvedFilter {
  ref: FieldRef;
  op: PositiveOp;
  /** Values to compare with (one for comparisons, many for `in`, none for `exists`). */
  values: readonly (string | number)[];
  /** Whether values are compared as numbers (else as text, or as timestamps for `ts`). */
  numeric: boolean;
  /** True for `!=` and `exists: false`: the event matches when the positive condition does not hold. */
  negate: boolean;
}

type Scalar = string | number | boolean;
const ORDERING = new Set<FilterOp>(["<", "<=", ">", ">="]);
const MESSAGE_OPS = new Set<FilterOp>(["=", "!=", "in", "contains", "regex", "exists"]);
const BOOLEAN_OPS = new Set<FilterOp>(["=", "!=", "in", "exists"]);
const TIME_OPS = new Set<FilterOp>(["=", "!=", "<", "<=", ">", ">=", "in", "exists"]);

/** Resolves one filter on rows of `source`, adding every problem (with its path) to `problems`; undefined when it has any. */
export function resolveFilter(
  filter: Filter,
  path: string,
  problems: ErrorDetail[],
  source: EventSource = "events",
): ResolvedFilter | undefined {
  const before = problems.length;
  const ref = parseFieldPath(filter.field, source);
  if ("error" in ref) {
    problems.push({ path: `${path}.field`, message: ref.error });
    return undefined;
  }
  const negate = filter.op === "!=" || (filter.op === "exists" && filter.value === false);
  const op: PositiveOp = filter.op === "!=" ? "=" : filter.op;
  const raw = rawValues(filter, `${path}.value`, problems);
  if (ref.kind === "message" && !MESSAGE_OPS.has(filter.op)) {
    problems.push({ path: `${path}.op`, message: `message takes =, !=, in, contains, regex or exists` });
  }
  if (isBooleanColumn(ref) && !BOOLEAN_OPS.has(filter.op)) {
    problems.push({ path: `${path}.op`, message: `${filter.field} is true or false: use =, !=, in or exists` });
  }
  if (isTimeColumn(ref) && !TIME_OPS.has(filter.op)) {
    problems.push({
      path: `${path}.op`,
      message: `${filter.field} is a timestamp: use =, !=, <, <=, >, >=, in or exists`,
    });
  }
  const numeric = wantsNumber(ref, op, raw);
  const valuePath = (index: number) => (op === "in" ? `${path}.value[${index}]` : `${path}.value`);
  const values = raw.map((value, index) => typed(ref, value, numeric, valuePath(index), problems));
  if (op === "regex") checkRegex(raw[0], `${path}.value`, problems);
  if ((op === "contains" || op === "regex") && isNumericColumn(ref)) {
    problems.push({ path: `${path}.op`, message: `${op} needs a text field; ${filter.field} holds numbers` });
  }
  if (problems.length > before) return undefined;
  return { ref, op, values: values as (string | number)[], numeric, negate };
}

function rawValues(filter: Filter, path: string, problems: ErrorDetail[]): Scalar[] {
  const { op, value } = filter;
  if (op === "exists") {
    if (value !== undefined && typeof value !== "boolean") problems.push({ path, message: "must be true or false" });
    return [];
  }
  if (value === undefined) {
    problems.push({ path, message: op === "in" ? "is required (a list)" : "is required" });
    return [];
  }
  if (op === "in") {
    if (!Array.isArray(value) || value.length === 0) problems.push({ path, message: "must be a non-empty list" });
    return Array.isArray(value) ? value : [];
  }
  if (Array.isArray(value)) {
    problems.push({ path, message: `must be a single value (use "in" for a list)` });
    return [];
  }
  if ((op === "contains" || op === "regex") && typeof value !== "string") {
    problems.push({ path, message: "must be a string" });
  }
  return [value];
}

function isBooleanColumn(ref: FieldRef): boolean {
  return ref.kind === "column" && ref.type === "boolean";
}

function isTimeColumn(ref: FieldRef): boolean {
  return ref.kind === "column" && ref.type === "time";
}

function isNumericColumn(ref: FieldRef): boolean {
  return ref.kind === "span" || ref.kind === "counter" || (ref.kind === "column" && ref.type === "number");
}

// Attributes hold text and, for numbers, the number too: a number compared with a number uses the number.
function wantsNumber(ref: FieldRef, op: PositiveOp, values: readonly Scalar[]): boolean {
  if (isNumericColumn(ref)) return true;
  if (ref.kind !== "attribute" || values.length === 0 || op === "contains" || op === "regex") return false;
  if (values.every((value) => typeof value === "number")) return true;
  return ORDERING.has(op) && values.every((value) => typeof value !== "boolean" && isNumeric(String(value)));
}

function isNumeric(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

function typed(ref: FieldRef, value: Scalar, numeric: boolean, path: string, problems: ErrorDetail[]): string | number {
  if (numeric) {
    const number =
      typeof value === "number" ? value : typeof value === "string" && isNumeric(value) ? Number(value) : NaN;
    if (Number.isFinite(number)) return number;
    problems.push({ path, message: `must be a number (${ref.path} holds numbers)` });
    return 0;
  }
  if (isBooleanColumn(ref)) {
    if (value === true || value === "true") return "true";
    if (value === false || value === "false") return "false";
    problems.push({ path, message: `must be true or false (${ref.path} is a yes/no field)` });
    return "";
  }
  if (isTimeColumn(ref)) {
    const time = new Date(typeof value === "string" ? Date.parse(value) : NaN);
    if (Number.isNaN(time.getTime())) problems.push({ path, message: "must be an ISO 8601 timestamp" });
    else if (!isQueryableTime(time)) problems.push({ path, message: OUTSIDE_WINDOW });
    else return time.toISOString();
    return "";
  }
  return String(value);
}

// RE2 matches in linear time, so only its syntax is checked: there is no backtracking to guard against.
function checkRegex(pattern: Scalar | undefined, path: string, problems: ErrorDetail[]): void {
  if (typeof pattern !== "string") return;
  const problem = re2SyntaxProblem(pattern);
  if (problem !== undefined) problems.push({ path, message: problem });
}

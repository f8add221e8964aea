/** One line of a condition as a person edits it: `country` `is one of` `jp, de`. */
export interface ConditionRow {
  attribute: string;
  operator: RowOperator;
  /** The value as typed; lists are comma-separated. */
  value: string;
}

/** The operators a row offers, by their condition operator (`eq` is a plain `{attribute: value}`). */
export const ROW_OPERATORS = [
  { op: "eq", label: "is" },
  { op: "$ne", label: "is not" },
  { op: "$in", label: "is one of" },
  { op: "$nin", label: "is none of" },
  { op: "$gt", label: ">" },
  { op: "$gte", label: "≥" },
  { op: "$lt", label: "<" },
  { op: "$lte", label: "≤" },
  { op: "$regex", label: "matches regex" },
  { op: "$vgte", label: "version ≥" },
  { op: "$vlt", label: "version <" },
  { op: "exists", label: "is set" },
  { op: "missing", label: "is not set" },
] as const;

/** An operator of a row. */
export type RowOperator = (typeof ROW_OPERATORS)[number]["op"];

const LIST_OPS: ReadonlySet<string> = new Set(["$in", "$nin"]);
const TEXT_OPS: ReadonlySet<string> = new Set(["$regex", "$vgte", "$vlt"]);
const NO_VALUE_OPS: ReadonlySet<string> = new Set(["exists", "missing"]);
const OBJECT_OPS: ReadonlySet<string> = new Set(ROW_OPERATORS.map((o) => o.op).filter((op) => op.startsWith("$")));

/** Whether the operator takes a value at all (`is set` does not). */
export function takesValue(op: RowOperator): boolean {
  return !NO_VALUE_OPS.has(op);
}

/** Whether the operator takes a comma-separated list. */
export function takesList(op: RowOperator): boolean {
  return LIST_OPS.has(op);
}

/**
 * The rows of a condition, or null when it uses something rows cannot show (`$or`, `$not`, nested objects, arrays
 * compared whole): such a condition stays as it is and is edited in the JSON view.
 */
export function rowsFromCondition(condition: Readonly<Record<string, unknown>> | undefined): ConditionRow[] | null {
  const rows: ConditionRow[] = [];
  for (const [attribute, test] of Object.entries(condition ?? {})) {
    if (attribute.startsWith("$")) return null;
    if (!isOperatorObject(test)) {
      if (!isScalar(test)) return null;
      rows.push({ attribute, operator: "eq", value: formatValue(test) });
      continue;
    }
    for (const [op, operand] of Object.entries(test)) {
      const row = rowOf(attribute, op, operand);
      if (row === null) return null;
      rows.push(row);
    }
  }
  return rows;
}

function rowOf(attribute: string, op: string, operand: unknown): ConditionRow | null {
  if (op === "$exists" && typeof operand === "boolean")
    return { attribute, operator: operand ? "exists" : "missing", value: "" };
  if (op === "$eq" && isScalar(operand)) return { attribute, operator: "eq", value: formatValue(operand) };
  if (LIST_OPS.has(op) && Array.isArray(operand) && operand.every(isScalar))
    return { attribute, operator: op as RowOperator, value: operand.map(formatListItem).join(", ") };
  if (TEXT_OPS.has(op) && typeof operand === "string")
    return { attribute, operator: op as RowOperator, value: operand };
  if (OBJECT_OPS.has(op) && !LIST_OPS.has(op) && !TEXT_OPS.has(op) && isScalar(operand))
    return { attribute, operator: op as RowOperator, value: formatValue(operand) };
  return null;
}

/** A problem of one row, in words, or null when the row is complete. */
export function rowProblem(row: ConditionRow): string | null {
  if (row.attribute.trim() === "") return "name an attribute";
  if (row.attribute.trim().startsWith("$")) return "an attribute cannot start with $";
  if (!takesValue(row.operator)) return null;
  if (takesList(row.operator)) return splitList(row.value).length === 0 ? "give at least one value" : null;
  if (row.value.trim() === "") return "give a value";
  if (row.operator === "$regex") {
    try {
      new RegExp(row.value);
    } catch {
      return "is not a regular expression";
    }
  }
  return null;
}

/**
 * The condition the rows describe; rows on the same attribute are combined (`{age: {$gte: 18, $lt: 65}}`), and
 * incomplete rows are left out (they are reported by {@link rowProblem}). Undefined when nothing is left.
 */
export function conditionFromRows(rows: readonly ConditionRow[]): Record<string, unknown> | undefined {
  const condition: Record<string, unknown> = {};
  for (const row of rows) {
    if (rowProblem(row) !== null) continue;
    const attribute = row.attribute.trim();
    const [op, operand] = operandOf(row);
    const previous = condition[attribute];
    if (previous === undefined) {
      condition[attribute] = op === "eq" ? operand : { [op]: operand };
      continue;
    }
    const merged: Record<string, unknown> = isOperatorObject(previous) ? { ...previous } : { $eq: previous };
    merged[op === "eq" ? "$eq" : op] = operand;
    condition[attribute] = merged;
  }
  return Object.keys(condition).length === 0 ? undefined : condition;
}

function operandOf(row: ConditionRow): [string, unknown] {
  switch (row.operator) {
    case "exists":
      return ["$exists", true];
    case "missing":
      return ["$exists", false];
    case "$in":
    case "$nin":
      return [row.operator, splitList(row.value).map(parseValue)];
    case "$regex":
    case "$vgte":
    case "$vlt":
      return [row.operator, row.value];
    default:
      return [row.operator, parseValue(row.value.trim())];
  }
}

/**
 * A typed value from text: numbers and `true`/`false` as such, anything else as text; text that would read as a
 * number or boolean is written in quotes (`"42"`), which {@link formatValue} does, so rows round-trip exactly.
 */
export function parseValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(text);
      if (typeof inner === "string") return inner;
    } catch {
      // Not a JSON string after all: keep it as typed.
    }
  }
  return text;
}

/** The text of a value that {@link parseValue} reads back as the same value. */
export function formatValue(value: unknown): string {
  if (typeof value !== "string") return JSON.stringify(value);
  const plain = value === value.trim() && parseValue(value) === value;
  return plain ? value : JSON.stringify(value);
}

function formatListItem(value: unknown): string {
  const text = formatValue(value);
  return typeof value === "string" && text.includes(",") && !text.startsWith('"') ? JSON.stringify(value) : text;
}

/** Items of a comma-separated list; an item in quotes may hold commas. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|[^,]*)\s*(?:,|$)/g;
  for (const match of text.matchAll(pattern)) {
    const item = (match[1] ?? "").trim();
    if (item !== "") items.push(item);
    if (match.index + match[0].length >= text.length) break;
  }
  return items;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith("$"));
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

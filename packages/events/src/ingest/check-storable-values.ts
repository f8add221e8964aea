import type { ErrorDetail } from "@switchboard/core";

/** How deep objects and arrays may nest inside an item (its top-level values, such as `fields`, are level 1). */
export const MAX_NESTING_DEPTH = 32;

/** At most this many problems are reported per item by the walk, so a large bad item cannot inflate the answer. */
const MAX_PROBLEMS_PER_ITEM = 10;

// A UTF-16 surrogate not paired with its other half: JSON.parse lets `"\ud800"` through, DuckDB's JSON reader
// (yyjson) refuses the whole staging file that carries it.
const LONE_SURROGATE = /\p{Cs}/u;

/** One object or array still to visit, with what is needed to name its path only when a problem is found. */
interface Frame {
  value: object;
  depth: number;
  parent: Frame | undefined;
  key: string | number;
}

/**
 * Checks every value an item carries, at any depth, against what the event store can hold: no nesting deeper than
 * `MAX_NESTING_DEPTH`, no lone surrogate in any string or key, no non-finite number (`1e999` parses as Infinity).
 * The walk uses its own stack, so no depth of input can overflow the call stack.
 */
export function checkStorableValues(item: object, at: string, problems: ErrorDetail[]): void {
  const limit = problems.length + MAX_PROBLEMS_PER_ITEM;
  const stack: Frame[] = [{ value: item, depth: 0, parent: undefined, key: "" }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value } = frame;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) visit(frame, index, value[index]);
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) visit(frame, key, record[key]);
    }
    if (problems.length >= limit) return;
  }

  function visit(parent: Frame, key: string | number, child: unknown): void {
    const problem = problemOf(key, child, parent.depth);
    if (problem !== undefined) {
      if (problems.length < limit) problems.push({ path: at + pathOf(parent) + segment(key), message: problem });
    } else if (child !== null && typeof child === "object") {
      stack.push({ value: child, depth: parent.depth + 1, parent, key });
    }
  }
}

function problemOf(key: string | number, value: unknown, parentDepth: number): string | undefined {
  if (typeof key === "string" && LONE_SURROGATE.test(key)) {
    return "has a key with a lone UTF-16 surrogate; send well-formed Unicode";
  }
  if (typeof value === "string") {
    return LONE_SURROGATE.test(value) ? "contains a lone UTF-16 surrogate; send well-formed Unicode" : undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "must be a finite number";
  if (value !== null && typeof value === "object" && parentDepth + 1 > MAX_NESTING_DEPTH) {
    return `nests deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays`;
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const names: string[] = [];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) names.push(segment(at.key));
  return names.reverse().join("");
}

// Keys are cut so that an absurd key cannot make the error answer as large as the body.
function segment(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return key.length > 64 ? `.${key.slice(0, 64)}…` : `.${key}`;
}

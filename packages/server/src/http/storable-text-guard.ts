import { formatPath, type PathSegment } from "@switchboard/core";
import { AppError, type ErrorDetail } from "../kernel/index.js";

/** The parts of a control request that reach the config store as text. */
export interface TextInput {
  params: unknown;
  query: unknown;
  body: unknown;
  /** The decoded X-Change-Reason header. */
  reason: string | null;
}

const NUL = "\u0000";
// A high surrogate not followed by a low one, or a low one not preceded by a high one (matched per code unit).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUL_MESSAGE = "contains a NUL character (U+0000), which text cannot hold; remove it";
const SURROGATE_MESSAGE =
  "contains a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not text; send valid Unicode";

/**
 * Throws BAD_REQUEST naming every field, key, path or query parameter and header that holds text PostgreSQL
 * cannot store: U+0000 (refused in text and jsonb) or a lone UTF-16 surrogate (JSON allows the escape, jsonb
 * refuses it). Checked before any store is touched, so such input never reaches a write.
 */
export function assertStorableText(input: TextInput): void {
  const details = [
    ...unstorablePaths(input.params, ["params"]),
    ...unstorablePaths(input.query, ["query"]),
    ...unstorablePaths(input.body, []),
    ...textProblems(input.reason ?? "", "headers.x-change-reason", ""),
  ];
  const first = details[0];
  if (first === undefined) return;
  const what = first.message.endsWith(SURROGATE_MESSAGE) ? "a lone UTF-16 surrogate" : "a NUL character (U+0000)";
  throw new AppError("BAD_REQUEST", `The request has ${what} in ${first.path || "the body"}.`, details);
}

// Iterative, so a hostile nesting depth cannot overflow the stack.
function unstorablePaths(root: unknown, prefix: readonly PathSegment[]): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  const stack: [unknown, readonly PathSegment[]][] = [[root, prefix]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, readonly PathSegment[]];
    if (typeof value === "string") {
      found.push(...textProblems(value, formatPath(path), ""));
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) stack.push([item, [...path, index]]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        found.push(...textProblems(key, formatPath([...path, key]), "the key "));
        stack.push([child, [...path, key]]);
      }
    }
  }
  return found.reverse();
}

function textProblems(text: string, path: string, subject: string): ErrorDetail[] {
  if (text.includes(NUL)) return [{ path, message: `${subject}${NUL_MESSAGE}` }];
  if (LONE_SURROGATE.test(text)) return [{ path, message: `${subject}${SURROGATE_MESSAGE}` }];
  return [];
}

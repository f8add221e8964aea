import { formatPath, type PathSegment } from "@switchboard/core";
import { AppError, type ErrorDetail } from "../errors/app-error.js";

/** The parts of a control request that reach the config store as text. */
export interface TextInput {
  params: unknown;
  query: unknown;
  body: unknown;
  /** The decoded X-Change-Reason header. */
  reason: string | null;
}

const NUL = "\u0000";
const MESSAGE = "contains a NUL character (U+0000), which text cannot hold; remove it";

/**
 * Throws BAD_REQUEST naming every field, key, path or query parameter and header that holds U+0000. PostgreSQL
 * stores no NUL in text or jsonb, so such input must be refused before it reaches a store.
 */
export function assertNoNulCharacter(input: TextInput): void {
  const details = [
    ...nulPaths(input.params, ["params"]),
    ...nulPaths(input.query, ["query"]),
    ...nulPaths(input.body, []),
    ...(input.reason?.includes(NUL) ? [{ path: "headers.x-change-reason", message: MESSAGE }] : []),
  ];
  const first = details[0];
  if (first === undefined) return;
  throw new AppError(
    "BAD_REQUEST",
    `The request has a NUL character (U+0000) in ${first.path || "the body"}.`,
    details,
  );
}

// Iterative, so a hostile nesting depth cannot overflow the stack.
function nulPaths(root: unknown, prefix: readonly PathSegment[]): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  const stack: [unknown, readonly PathSegment[]][] = [[root, prefix]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, readonly PathSegment[]];
    if (typeof value === "string") {
      if (value.includes(NUL)) found.push({ path: formatPath(path), message: MESSAGE });
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) stack.push([item, [...path, index]]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes(NUL)) found.push({ path: formatPath([...path, key]), message: `the key ${MESSAGE}` });
        stack.push([child, [...path, key]]);
      }
    }
  }
  return found.reverse();
}

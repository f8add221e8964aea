import type { Static, TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { type PathSegment, structuralProblems, validationFailed } from "@switchboard/core";

// The error of invalid input is part of the error vocabulary in core, shared with @switchboard/events.
export { validationFailed };

/** Checks `value` against `schema` and returns it typed, or throws VALIDATION_FAILED listing every problem. */
export function parseInput<T extends TSchema>(
  schema: T,
  value: unknown,
  prefix: readonly PathSegment[] = [],
): Static<T> {
  const problems = structuralProblems(schema, value, prefix);
  if (problems.length > 0) throw validationFailed(problems);
  return value as Static<T>;
}

/** Like `parseInput` for a query string: numbers and booleans arrive as text and are converted first. */
export function parseQuery<T extends TSchema>(schema: T, query: unknown): Static<T> {
  return parseInput(schema, Value.Convert(schema, query ?? {}));
}

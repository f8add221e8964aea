import { ApiError } from "../api/api-client.js";

/** One problem the server named: the field's path (`where[0].field`) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The problems of a failed save, or none when the error is not a validation answer. */
export function problemsOf(error: Error | null): readonly FieldProblem[] {
  return error instanceof ApiError ? error.details : [];
}

/** The messages of `path` itself and of anything inside it (`where[0]` also gets `where[0].value`). */
export function messagesAt(problems: readonly FieldProblem[], path: string): string[] {
  return problems.filter((p) => isAtOrInside(p.path, path)).map((p) => p.message);
}

/** The problems no field on the form shows (their paths are not at or inside any of `shown`). */
export function unclaimed(problems: readonly FieldProblem[], shown: readonly string[]): FieldProblem[] {
  return problems.filter((p) => !shown.some((path) => isAtOrInside(p.path, path)));
}

// `where` must not claim `whereabouts`: inside means followed by `.` or `[`.
function isAtOrInside(problemPath: string, path: string): boolean {
  if (problemPath === path) return true;
  if (!problemPath.startsWith(path)) return false;
  const next = problemPath.charAt(path.length);
  return next === "." || next === "[";
}

/** One thing wrong with an input: where (`flags["new-checkout"].environments.production.rules[2].weights`) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** Formats a problem as one line, `path: message` (the root has the path `(root)`). */
export function formatProblem(problem: Problem): string {
  return `${problem.path === "" ? "(root)" : problem.path}: ${problem.message}`;
}

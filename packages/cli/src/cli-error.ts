/** What went wrong, as far as the exit code is concerned. */
export type CliErrorCode = "USAGE" | "INVALID_INPUT" | "FAILURE";

/** Exit codes of every command (DESIGN.md §5): 0 ok, 1 findings or invalid input, 2 usage. */
export const EXIT_CODES: Readonly<Record<CliErrorCode, number>> = {
  INVALID_INPUT: 1,
  FAILURE: 1,
  USAGE: 2,
};

/** An expected failure of a command; its message is printed as-is, without a stack trace. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Shorthand for a usage mistake (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError("USAGE", message);
}

/** Shorthand for invalid input in a file (exit code 1). */
export function invalidInput(message: string): CliError {
  return new CliError("INVALID_INPUT", message);
}

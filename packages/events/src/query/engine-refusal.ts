import { AppError } from "@switchboard/core";

// DuckDB's classes of error raised by a value the query carries (a regex too large to compile, a number or time
// the column cannot hold), as opposed to a statement the compiler got wrong, which stays a server error.
const VALUE_ERRORS = /^(Invalid Input|Conversion|Out of Range) Error: /;

/**
 * The 400 for an engine error caused by a value of the query, or undefined for any other error. Validation refuses
 * what it knows the engine cannot run; this is the backstop for what it does not know.
 */
export function engineRefusal(error: unknown): AppError | undefined {
  const message = error instanceof Error ? error.message : "";
  if (!VALUE_ERRORS.test(message)) return undefined;
  const reason = (message.split("\n")[0] ?? message).replace(VALUE_ERRORS, "");
  return new AppError(
    "VALIDATION_FAILED",
    `The event store cannot run this query: ${reason}. Change the value it names (a regex, number or time).`,
    [{ path: "", message: `the event store refused a value of the query: ${reason}` }],
  );
}

/**
 * The 503 for a query that needs more memory than the event store may use (its `memory_limit`), or undefined for any
 * other error: capacity, not a mistake, but what the query asks for is what can be cut.
 */
export function engineOutOfMemory(error: unknown): AppError | undefined {
  const message = error instanceof Error ? error.message : "";
  if (!message.startsWith("Out of Memory Error: ")) return undefined;
  return new AppError(
    "UNAVAILABLE",
    "The event store ran out of memory for this query; use fewer filters, shorter in lists, fewer dimensions or a shorter range.",
    [],
    { reason: "QUERY_TOO_LARGE" },
  );
}

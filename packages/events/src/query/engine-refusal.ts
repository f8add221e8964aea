import { AppError } from "@switchboard/core";

// DuckDB's classes of error raised by a value the query carries (a regex too large to compile, a number or time
// the column cannot hold), as opposed to a statement the compiler got wrong, which stays a server error.
const VALUE_ERRORS = /^(Invalid Input|Conversion|Out of Range) Error: /;

// ClickHouse's error types (the client's `ClickHouseError.type`) for the same classes.
const CLICKHOUSE_VALUE_ERRORS = new Set([
  "CANNOT_COMPILE_REGEXP",
  "CANNOT_PARSE_DATETIME",
  "CANNOT_PARSE_NUMBER",
  "CANNOT_PARSE_TEXT",
  "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
  "ARGUMENT_OUT_OF_BOUND",
]);
const CLICKHOUSE_OUT_OF_MEMORY = new Set(["MEMORY_LIMIT_EXCEEDED"]);

function clickHouseType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : undefined;
}

/**
 * The 400 for an engine error caused by a value of the query, or undefined for any other error. Validation refuses
 * what it knows the engine cannot run; this is the backstop for what it does not know.
 */
export function engineRefusal(error: unknown): AppError | undefined {
  const message = error instanceof Error ? error.message : "";
  const fromClickHouse = CLICKHOUSE_VALUE_ERRORS.has(clickHouseType(error) ?? "");
  if (!fromClickHouse && !VALUE_ERRORS.test(message)) return undefined;
  const reason = (message.split("\n")[0] ?? message).replace(VALUE_ERRORS, "").replace(/\.\s*$/, "");
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
  const fromClickHouse = CLICKHOUSE_OUT_OF_MEMORY.has(clickHouseType(error) ?? "");
  if (!fromClickHouse && !message.startsWith("Out of Memory Error: ")) return undefined;
  return new AppError(
    "UNAVAILABLE",
    "The event store ran out of memory for this query; use fewer filters, shorter in lists, fewer dimensions or a shorter range.",
    [],
    { reason: "QUERY_TOO_LARGE" },
  );
}

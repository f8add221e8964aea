import { AppError } from "../kernel/index.js";

// invalid byte sequence (a NUL in text) and untranslatable character (`\u0000` in jsonb).
const NUL_CODES = new Set(["22021", "22P05"]);

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

/**
 * Translates a driver error into the shared error vocabulary when it has a meaning for the caller (a unique
 * violation is a CONFLICT, NUL in text is BAD_REQUEST, an unreachable database is UNAVAILABLE); anything else is
 * returned unchanged.
 */
export function classifySqlError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const code = errorCode(error);
  if (code === "23505") {
    // The driver's detail would echo the conflicting values (a token hash, say): name the constraint instead.
    return new AppError("CONFLICT", `Already exists (${constraintOf(error) ?? "unique key"}).`, [], { cause: code });
  }
  if (code !== undefined && NUL_CODES.has(code)) {
    // Input is checked for NUL at the edge; this catches any path that still lets one through.
    return new AppError("BAD_REQUEST", "Text cannot hold a NUL character (U+0000); remove it and try again.", [], {
      cause: code,
    });
  }
  if (code === "40001" || code === "40P01") {
    return new AppError("CONFLICT", "A concurrent change got in the way; try again.", [], { cause: code });
  }
  if (isConnectionFailure(error, code)) {
    return new AppError("UNAVAILABLE", `The config database cannot be reached: ${error.message}`, [], {
      cause: code ?? "connection",
    });
  }
  return error;
}

/** Runs `fn` and rethrows its failure classified. */
export async function withClassifiedErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifySqlError(error);
  }
}

function isConnectionFailure(error: Error, code: string | undefined): boolean {
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith("08") || code.startsWith("57P"))) {
    return true;
  }
  if (code === "3D000") return true; // the database does not exist
  if (error instanceof AggregateError) return error.errors.some((inner) => errorCode(inner) === "ECONNREFUSED");
  return /Connection terminated|Client was closed|PGlite is closed/i.test(error.message);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function constraintOf(error: Error): string | undefined {
  return "constraint" in error && typeof error.constraint === "string" ? error.constraint : undefined;
}

import type { ErrorBody, ErrorDetail } from "../api/error-body.js";
import type { ErrorCode } from "../api/error-code.js";

/** The closed set of expected failures, under the name the server's modules use (the API's `ErrorCode`). */
export type AppErrorCode = ErrorCode;

/**
 * An expected failure: its message is meant for the person who sent the request and says what to do.
 * `meta` carries machine-readable extras (e.g. `currentVersion` on a CONFLICT, `retryAfterSeconds`); `cause` the
 * underlying error (a driver's), for the log only.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly meta: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

/** The JSON body of every error response: `{"error":{"code","message","details"}}` (plus `meta` fields). */
export function errorBody(error: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      details: error.details,
      ...error.meta,
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
}

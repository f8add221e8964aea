/** The closed set of expected failures of a use case; one table maps each to an HTTP status, one to a CLI exit. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "REQUEST_TIMEOUT"
  | "URI_TOO_LONG"
  | "HEADERS_TOO_LARGE"
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_REQUIRED"
  | "PAYLOAD_TOO_LARGE"
  | "UNPROCESSABLE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/** One problem of a request body, with the path of the field (same style as the flag model's validation). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** HTTP status of every error code. */
export const HTTP_STATUS: Readonly<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/**
 * An expected failure: its message is meant for the person who sent the request and says what to do.
 * `meta` carries machine-readable extras (e.g. `currentVersion` on a CONFLICT, `retryAfterSeconds`).
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly meta: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The JSON body of every error response: `{"error":{"code","message","details"}}` (plus `meta` fields). */
export function errorBody(error: AppError, requestId?: string): Record<string, unknown> {
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

/**
 * The closed set of expected failures of a use case. The server throws them, the API sends them, clients branch
 * on them; one table maps each to an HTTP status (and the CLI has its own table to exit codes).
 */
export type ErrorCode =
  | "BAD_REQUEST"
  | "REQUEST_TIMEOUT"
  | "URI_TOO_LONG"
  | "HEADERS_TOO_LARGE"
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PRECONDITION_REQUIRED"
  | "PAYLOAD_TOO_LARGE"
  | "UNPROCESSABLE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/**
 * Every code an error body may carry: the expected failures, plus `INTERNAL` for the unexpected ones (a 500 whose
 * message only quotes the request id).
 */
export type WireErrorCode = ErrorCode | "INTERNAL";

/** The HTTP status of every expected failure, e.g. `HTTP_STATUS.CONFLICT === 409`. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

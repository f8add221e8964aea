// The error vocabulary is pure and shared with @switchboard/events, so it lives in core; the server's modules keep
// importing it from here.
export { AppError, type AppErrorCode, type ErrorDetail, errorBody, HTTP_STATUS } from "@switchboard/core";
